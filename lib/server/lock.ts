// One process per data folder. The server (from instrumentation.ts, so a bare
// `next start` is covered) and an in-process `npm run ca` take
// `<dataDir>/server.lock` before they touch any run; a second one is refused
// with a message naming the holder. The file appears whole or not at all
// (written aside, then hard-linked into place, which fails if it exists), so a
// reader never sees a half-written lock from a starter that is still writing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { heldMessage, isAlive, lockPath, procStartOf, readLock, unreadableMessage } from './lock-file.mjs';
import type { LockHolder, LockKind } from './lock-file.mjs';

export type { LockHolder, LockKind } from './lock-file.mjs';
export { heldMessage, liveHolder, lockPath } from './lock-file.mjs';

export interface LockRequest {
  kind: LockKind;
  port?: number | null;
  url?: string | null;
  command?: string;
}

export interface HeldLock {
  file: string;
  holder: LockHolder;
  /** Removes the lock file if it is still ours (same token); true when it did. */
  release(): boolean;
}

export type TakeResult =
  | { ok: true; lock: HeldLock; tookOver: LockHolder | null }
  | { ok: false; message: string; holder: LockHolder | null; file: string };

export interface TakeOptions {
  /** Told about a stale lock that was taken over. */
  log?: (line: string) => void;
  /** Release when this process exits (normal exit or process.exit from a signal handler). */
  releaseOnExit?: boolean;
  /** Called when a dead holder's lock is found, before it is removed: where a second starter can race (tests). */
  onStale?: (stale: LockHolder) => void;
}

const ATTEMPTS = 50;

export function takeLock(dataDir: string, req: LockRequest, opts: TakeOptions = {}): TakeResult {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const holder: LockHolder = {
    app: 'code-assistant',
    pid: process.pid,
    procStart: procStartOf(process.pid),
    kind: req.kind,
    port: req.port ?? null,
    url: req.url ?? null,
    ...(req.command ? { command: req.command } : {}),
    startedAt: new Date().toISOString(),
    token: crypto.randomUUID(),
  };
  let tookOver: LockHolder | null = null;
  for (let i = 0; i < ATTEMPTS; i++) {
    if (createExclusive(file, holder)) {
      const lock = heldLock(file, holder);
      if (opts.releaseOnExit) process.once('exit', () => lock.release());
      return { ok: true, lock, tookOver };
    }
    const seen = readLock(file);
    if (seen.state === 'none') continue; // released between our attempt and our look
    if (seen.state === 'unreadable') return { ok: false, message: unreadableMessage(file, seen.error), holder: null, file };
    if (isAlive(seen.holder)) return { ok: false, message: heldMessage(seen.holder, dataDir), holder: seen.holder, file };
    opts.onStale?.(seen.holder);
    const removed = removeStale(file, seen.holder);
    if (removed === 'removed') {
      tookOver = seen.holder;
      opts.log?.(`Taking over ${file}: its holder (pid ${seen.holder.pid}, ${seen.holder.kind}, since ${seen.holder.startedAt}) is gone.`);
    } else if (removed === 'busy') pause(); // another starter is taking it over: look again
  }
  const message =
    `Could not take ${file}: another process kept taking over the stale lock. Start again; if this repeats and no ` +
    `code-assistant is starting, delete ${file}.takeover.`;
  return { ok: false, message, holder: null, file };
}

function heldLock(file: string, holder: LockHolder): HeldLock {
  return {
    file,
    holder,
    release() {
      const seen = readLock(file);
      if (seen.state !== 'held' || seen.holder.token !== holder.token) return false;
      try {
        fs.unlinkSync(file);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** Creates `file` with the holder's JSON, atomically, only if it does not exist. */
function createExclusive(file: string, holder: LockHolder): boolean {
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  const tmp = `${file}.${holder.token}.tmp`;
  writeSynced(tmp, text, 'wx');
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // A filesystem without hard links: O_EXCL create, with a short window where the file is empty.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createWithExcl(file, text);
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function createWithExcl(file: string, text: string): boolean {
  try {
    writeSynced(file, text, 'wx');
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function writeSynced(file: string, text: string, flag: string): void {
  const fd = fs.openSync(file, flag, 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd); // a power cut must not leave an empty lock that nobody can read
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Removes a dead holder's lock. Two starters may both find it stale: only the
 * one holding `<lock>.takeover` removes it, and only if it is still the same
 * stale lock (same token), so nobody removes the lock the other just made.
 */
function removeStale(file: string, stale: LockHolder): 'removed' | 'changed' | 'busy' {
  const guard = `${file}.takeover`;
  const me = JSON.stringify({ pid: process.pid, procStart: procStartOf(process.pid) });
  try {
    fs.writeFileSync(guard, me, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    clearDeadGuard(guard);
    return 'busy';
  }
  try {
    const seen = readLock(file);
    if (seen.state !== 'held' || seen.holder.token !== stale.token) return 'changed';
    fs.rmSync(file, { force: true });
    return 'removed';
  } finally {
    fs.rmSync(guard, { force: true });
  }
}

/** A guard left by a starter that died in the middle of a takeover (a window of microseconds). */
function clearDeadGuard(guard: string): void {
  try {
    const g = JSON.parse(fs.readFileSync(guard, 'utf8')) as { pid?: unknown; procStart?: unknown };
    const pid = typeof g.pid === 'number' && Number.isSafeInteger(g.pid) && g.pid > 0 ? g.pid : null;
    if (pid && isAlive({ pid, procStart: typeof g.procStart === 'string' ? g.procStart : null })) return;
  } catch {
    // Unreadable: its writer may be between create and write; look again next time round.
    return;
  }
  fs.rmSync(guard, { force: true });
}

function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
}
