// Types for lock-file.mjs (plain JavaScript so scripts/start.mjs can use it).

export type LockKind = 'server' | 'cli';

/** The lock file's content: who holds the data folder. */
export interface LockHolder {
  app: 'code-assistant';
  pid: number;
  /** Linux: the process's start time, to tell a reused pid from the holder. */
  procStart: string | null;
  kind: LockKind;
  port: number | null;
  url: string | null;
  /** For a CLI holder: the command it runs (`pipeline`, `quick`). */
  command?: string;
  startedAt: string;
  /** Random: "still ours" is this token, not the pid. */
  token: string;
}

export type LockState = { state: 'none' } | { state: 'held'; holder: LockHolder } | { state: 'unreadable'; error: string };

export const LOCK_NAME: string;
export function lockPath(dataDir: string): string;
export function procStartOf(pid: number): string | null;
export function readLock(file: string): LockState;
export function isAlive(holder: Pick<LockHolder, 'pid' | 'procStart'>): boolean;
export function liveHolder(dataDir: string): LockHolder | null;
export function heldMessage(holder: Pick<LockHolder, 'pid' | 'kind' | 'url' | 'port' | 'command'>, dataDir: string): string;
export function unreadableMessage(file: string, error: string): string;
