export function buildIsStale(): string | null;
export function buildIfStale(opts?: { quiet?: boolean }): void;
export const ROOT: string;
