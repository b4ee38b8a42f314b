// Finding and reading one folder's instruction file, in the cross-tool
// convention: AGENTS.md, or CLAUDE.md when the folder has no AGENTS.md. These
// files come with cloned repositories, so reading them is defensive: a
// symlink that leads out of the workspace is refused, only regular files are
// opened (a FIFO would hang the turn), and no more than the cap is read.
import fs from 'node:fs';
import path from 'node:path';

export const INSTRUCTION_NAMES = ['AGENTS.md', 'CLAUDE.md'] as const;
export type InstructionName = (typeof INSTRUCTION_NAMES)[number];

export interface FoundFile {
  name: InstructionName;
  /** Absolute path as found (before symlinks). */
  abs: string;
  /** Size on disk, in bytes. */
  size: number;
}

export type ReadResult =
  | (FoundFile & { text: string; /** Bytes read (<= the cap). */ read: number })
  | { name: InstructionName; abs: string; refused: string };

const inside = (root: string, p: string) => {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
};

/**
 * The folder's instruction file: AGENTS.md if the name exists at all (even
 * when it is refused later: a broken AGENTS.md does not let CLAUDE.md in),
 * else CLAUDE.md; null when there is neither.
 */
export function findInstructionFile(dir: string): { name: InstructionName; abs: string } | null {
  for (const name of INSTRUCTION_NAMES) {
    const abs = path.join(dir, name);
    if (fs.lstatSync(abs, { throwIfNoEntry: false })) return { name, abs };
  }
  return null;
}

/**
 * Reads at most `maxBytes` of the folder's instruction file. With `confine`
 * (the workspace's real path), a file whose real path is outside it is
 * refused; the machine's own file is the user's and may point anywhere.
 */
export function readInstructionFile(dir: string, maxBytes: number, confine?: string): ReadResult | null {
  const found = findInstructionFile(dir);
  if (!found) return null;
  const { name, abs } = found;
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    return { name, abs, refused: 'a symlink whose target does not exist' };
  }
  if (confine && !inside(confine, real)) return { name, abs, refused: 'a symlink that leads outside the workspace' };
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it.
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    return { name, abs, refused: `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { name, abs, refused: 'not a regular file' };
    const want = Math.max(0, Math.min(st.size, maxBytes));
    const buf = Buffer.alloc(want);
    let read = 0;
    while (read < want) {
      const n = fs.readSync(fd, buf, read, want - read, read);
      if (n === 0) break;
      read += n;
    }
    if (buf.subarray(0, read).includes(0)) return { name, abs, refused: 'a binary file' };
    return { name, abs, size: st.size, text: decodeCut(buf.subarray(0, read), read < st.size), read };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * UTF-8 text of a prefix of a file. When the file was cut, the last partial
 * line is dropped (a half instruction reads as a different one), and so is a
 * character split by the cut.
 */
function decodeCut(buf: Buffer, cut: boolean): string {
  let text = buf.toString('utf8');
  if (!cut) return text;
  text = text.replace(/\uFFFD$/, '');
  const nl = text.lastIndexOf('\n');
  return nl >= 0 ? text.slice(0, nl + 1) : '';
}
