// Types for data-dir.mjs (plain JavaScript so scripts/start.mjs can run before a build).
export function dataDirFor(env?: Record<string, string | undefined>, homeDir?: string): string;
