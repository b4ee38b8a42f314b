// The data folder's lock file: its format, how to read it, whether its holder
// still lives, and the message that names the holder. Plain JavaScript so that
// scripts/start.mjs (plain node, before any build) reads it exactly as the
// server and the CLI do (lib/server/lock.ts takes and releases it).
import fs from 'node:fs';
import path from 'node:path';

export const LOCK_NAME = 'server.lock';
const KINDS = ['server', 'cli'];

/** @param {string} dataDir */
export const lockPath = (dataDir) => path.join(dataDir, LOCK_NAME);

/**
 * Linux: when process `pid` started (field 22 of /proc/PID/stat, clock ticks
 * since boot), so a dead holder's pid reused by another process (after a
 * reboot, in a restarted container) is not mistaken for the holder. null
 * where there is no /proc or no such process.
 * @param {number} pid
 */
export function procStartOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * The lock file's state: none, a holder, or unreadable (with why).
 * @param {string} file
 */
export function readLock(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return { state: 'none' };
    return { state: 'unreadable', error: /** @type {Error} */ (e).message };
  }
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    return { state: 'unreadable', error: text.trim() ? 'it is not JSON' : 'it is empty' };
  }
  const bad = invalidHolder(v);
  if (bad) return { state: 'unreadable', error: bad };
  return { state: 'held', holder: v };
}

/** @param {any} v */
function invalidHolder(v) {
  if (typeof v !== 'object' || v === null || v.app !== 'code-assistant') return 'it is not a code-assistant lock';
  // kill(0) and kill(-1) signal whole process groups: only a plain positive pid is a holder.
  if (!Number.isSafeInteger(v.pid) || v.pid <= 0) return 'its pid is not a positive whole number';
  if (!KINDS.includes(v.kind)) return `its kind is not one of ${KINDS.join(', ')}`;
  if (typeof v.token !== 'string' || !v.token) return 'it has no token';
  if (v.port !== null && !(Number.isInteger(v.port) && v.port > 0 && v.port < 65536)) return 'its port is not a port number';
  if (v.url !== null && !isHttpUrl(v.url)) return 'its url is not an http(s) URL';
  if (v.procStart !== null && typeof v.procStart !== 'string') return 'its procStart is not text';
  return null;
}

/** @param {unknown} u */
function isHttpUrl(u) {
  if (typeof u !== 'string') return false;
  try {
    const p = new URL(u).protocol;
    return p === 'http:' || p === 'https:';
  } catch {
    return false;
  }
}

/**
 * Is the process that wrote this lock still running? EPERM means it is (owned
 * by another user); a different start time means its pid now belongs to another process.
 * @param {{ pid: number, procStart: string | null }} holder
 */
export function isAlive(holder) {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'EPERM') return false;
  }
  if (holder.procStart) {
    const now = procStartOf(holder.pid);
    if (now !== null && now !== holder.procStart) return false;
  }
  return true;
}

/**
 * A live holder of the data folder's lock, or null (none, dead, or unreadable).
 * @param {string} dataDir
 */
export function liveHolder(dataDir) {
  const seen = readLock(lockPath(dataDir));
  return seen.state === 'held' && isAlive(seen.holder) ? seen.holder : null;
}

/**
 * What a second server or command says when the lock is held.
 * @param {{ pid: number, kind: string, url: string | null, port: number | null, command?: string }} holder
 * @param {string} dataDir
 */
export function heldMessage(holder, dataDir) {
  const elsewhere = `CA_DATA_DIR=<another folder> picks another data folder (this one is ${dataDir})`;
  if (holder.kind === 'server') {
    const at = holder.url ?? (holder.port ? `port ${holder.port}` : 'an unknown address');
    return `code-assistant is already running on this data folder (pid ${holder.pid}) at ${at} — open that, or stop it first; ${elsewhere}.`;
  }
  const what = holder.command ? `npm run ca -- ${holder.command}` : 'npm run ca';
  return `A code-assistant command is running on this data folder (${what}, pid ${holder.pid}) — wait for it to finish, or stop it first; ${elsewhere}.`;
}

/**
 * What is said about a lock file that cannot be read. It is never taken over:
 * its holder cannot be known, and it may be a live one.
 * @param {string} file
 * @param {string} error
 */
export function unreadableMessage(file, error) {
  return `The lock file ${file} cannot be read (${error}), so it is not known whether another code-assistant uses this data folder. If no code-assistant server or \`npm run ca\` command is running, delete that file and start again.`;
}
