// File helpers shared by read_file, write_file and edit_file: binary sniffing,
// the "before" snapshot for revert, atomic writes and the unified diff.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { FileChange } from '../runs/events';

export { looksBinary } from '../workspace/binary';

/** The text of `buf`, or null when it is not valid UTF-8. */
export function decodeUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

export interface Before {
  /** Text for diffs ('' when new or binary). */
  text: string;
  change: Pick<FileChange, 'before' | 'beforeEncoding'>;
  mode?: number;
}

/** Snapshot the current content so a turn can be reverted exactly. */
export async function snapshot(abs: string): Promise<Before> {
  const buf = await fs.readFile(abs).catch((e) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  });
  if (buf === null) return { text: '', change: { before: null } };
  const mode = (await fs.stat(abs)).mode;
  const text = decodeUtf8(buf);
  if (text === null) return { text: '', change: { before: buf.toString('base64'), beforeEncoding: 'base64' }, mode };
  return { text, change: { before: text, beforeEncoding: 'utf8' }, mode };
}

/** Write via a temp file in the same folder + rename, so a crash never leaves half a file. */
export async function atomicWrite(abs: string, content: string, mode?: number): Promise<void> {
  const dir = path.dirname(abs);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, content, { flag: 'wx', mode: mode ?? 0o666 });
    if (mode !== undefined) await fs.chmod(tmp, mode); // umask must not drop an executable bit
    await fs.rename(tmp, abs);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export function unifiedDiff(rel: string, before: string, after: string, isNew: boolean): string {
  return createTwoFilesPatch(isNew ? '/dev/null' : `a/${rel}`, `b/${rel}`, before, after, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** "+3 -1" from a unified diff, for the one-line summary the model reads. */
export function diffStat(diff: string): string {
  let add = 0;
  let del = 0;
  for (const l of diff.split('\n')) {
    if (l.startsWith('+') && !l.startsWith('+++')) add++;
    else if (l.startsWith('-') && !l.startsWith('---')) del++;
  }
  return `+${add} -${del}`;
}

export { countLines } from '../text';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
