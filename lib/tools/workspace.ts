// Workspace confinement and "did you mean" paths. Every file tool resolves the
// model's path here: real paths only, so `..`, outside absolute paths and
// symlinks that lead out are refused before any byte is read or written.
import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { distance } from 'fastest-levenshtein';
import { SKIP_DIRS } from '../workspace/walk';

/** list_files shows these folders as skipped instead of entering them. */
export { SKIP_DIRS };
export const WALK_CAP = 20_000;

/** A refusal the model should read as-is. */
export class WorkspaceError extends Error {}

export interface ResolvedPath {
  /** Real absolute path (for a missing path: real deepest ancestor + the rest). */
  abs: string;
  /** Workspace-relative, forward slashes; '' for the root itself. */
  rel: string;
  exists: boolean;
}

export const toPosix = (p: string) => p.split(path.sep).join('/');

function inside(root: string, p: string): boolean {
  const r = path.relative(root, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

const code = (e: unknown) => (e as NodeJS.ErrnoException)?.code;

export async function resolveInWorkspace(workspace: string, given: string): Promise<ResolvedPath> {
  if (typeof given !== 'string' || given.trim() === '') throw new WorkspaceError('The path is empty; give a path relative to the workspace root, e.g. "src/main.rs".');
  if (given.includes('\0')) throw new WorkspaceError('The path contains a NUL byte.');
  const root = await fs.realpath(workspace);
  const trimmed = given.trim();
  const lexical = path.resolve(root, trimmed);
  // realpath the deepest existing ancestor so symlinked parents of a new file count too.
  let probe = lexical;
  const rest: string[] = [];
  let real: string;
  for (;;) {
    try {
      real = await fs.realpath(probe);
      break;
    } catch (e) {
      if (code(e) === 'ELOOP') throw new WorkspaceError(`"${given}" is a symlink loop.`);
      if (code(e) !== 'ENOENT' && code(e) !== 'ENOTDIR') throw e;
      // A dangling symlink would let a write land wherever it points.
      const st = await fs.lstat(probe).catch(() => null);
      if (st?.isSymbolicLink()) throw new WorkspaceError(`"${given}" goes through a symlink whose target does not exist; refused.`);
      rest.unshift(path.basename(probe));
      probe = path.dirname(probe);
    }
  }
  const abs = rest.length ? path.join(real, ...rest) : real;
  if (!inside(root, abs)) {
    // Checked on real paths, so an absolute path through an alias of the root still works.
    throw new WorkspaceError(
      inside(root, lexical)
        ? `"${given}" leads outside the workspace through a symlink; refused.`
        : `"${given}" is outside the workspace; use a path relative to the workspace root (e.g. "src/main.rs").`,
    );
  }
  return { abs, rel: toPosix(path.relative(root, abs)), exists: rest.length === 0 };
}

/**
 * Refuse writes into VCS internals at any depth (a nested repository's hooks
 * or `core.fsmonitor` run code on the next `git status`) and into the app's
 * own folders. Case-insensitive: macOS and Windows treat `.GIT` as `.git`.
 */
export function assertWritable(target: Pick<ResolvedPath, 'rel' | 'abs'>, privateDirs: readonly string[] = [], root?: string): void {
  const { rel, abs } = target;
  if (rel === '') throw new WorkspaceError('The path is the workspace root, a directory; give a file path.');
  if (rel.split('/').some((seg) => seg.toLowerCase() === '.git')) {
    throw new WorkspaceError(`"${rel}" is inside .git/; refused: git's own files are read-only to the tools (hooks and config there run code).`);
  }
  for (const given of privateDirs) {
    const dir = realOrSame(given);
    // A workspace the app made inside its own folder (a benchmark sample's) is the workspace: confinement covers it.
    if (root && inside(dir, realOrSame(root))) continue;
    if (inside(dir, abs)) throw new WorkspaceError(`"${rel}" is inside code-assistant's own folder ${dir}; refused.`);
  }
}

function realOrSame(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

export interface WalkEntry {
  rel: string;
  dir: boolean;
  depth: number;
  /** A junk folder (node_modules, ...) that was not entered. */
  skipped?: boolean;
}

/** Breadth-first walk from `startRel`, not following symlinks, capped. */
export async function walk(
  root: string,
  opts: { startRel?: string; maxDepth?: number; maxEntries?: number } = {},
): Promise<{ entries: WalkEntry[]; truncated: boolean }> {
  const maxDepth = opts.maxDepth ?? Infinity;
  const maxEntries = opts.maxEntries ?? WALK_CAP;
  const entries: WalkEntry[] = [];
  const queue: { rel: string; depth: number }[] = [{ rel: opts.startRel ?? '', depth: 1 }];
  while (queue.length) {
    const { rel, depth } = queue.shift()!;
    const dirents = await fs.readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    dirents.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const d of dirents) {
      if (entries.length >= maxEntries) return { entries, truncated: true };
      const childRel = rel ? `${rel}/${d.name}` : d.name;
      let isDir = d.isDirectory();
      if (d.isSymbolicLink()) isDir = (await fs.stat(path.join(root, childRel)).catch(() => null))?.isDirectory() ?? false;
      const skipped = isDir && SKIP_DIRS.has(d.name);
      entries.push({ rel: childRel, dir: isDir, depth, ...(skipped ? { skipped } : {}) });
      if (isDir && !skipped && !d.isSymbolicLink() && depth < maxDepth) queue.push({ rel: childRel, depth: depth + 1 });
    }
  }
  return { entries, truncated: false };
}

const stemOf = (base: string) => (base.includes('.', 1) ? base.slice(0, base.lastIndexOf('.')) : base);
const extOf = (base: string) => (base.includes('.', 1) ? base.slice(base.lastIndexOf('.')) : '');
const similarity = (a: string, b: string) => 1 - distance(a, b) / Math.max(a.length, b.length, 1);

/** How well an existing path matches a missing one; higher is better, < 1.5 is noise. */
export function pathScore(missing: string, candidate: string): number {
  const m = missing.toLowerCase().replace(/^\.\//, '');
  const c = candidate.toLowerCase();
  const mb = path.posix.basename(m);
  const cb = path.posix.basename(c);
  const ms = stemOf(mb);
  const cs = stemOf(cb);
  let s = 0;
  if (mb === cb) s += 3;
  else if (ms.length >= 2 && cs.length >= 2 && (cs.startsWith(ms) || ms.startsWith(cs))) s += 2;
  else if (ms.length >= 3 && cs.length >= 3 && (cs.includes(ms) || ms.includes(cs))) s += 1.5;
  if (extOf(mb) && extOf(mb) === extOf(cb)) s += 0.5;
  return s + similarity(mb, cb) + similarity(m, c);
}

/** Up to `limit` existing workspace paths that best match a missing one. */
export async function nearestPaths(
  workspace: string,
  missing: string,
  opts: { limit?: number; kind?: 'file' | 'dir' } = {},
): Promise<string[]> {
  const root = await fs.realpath(workspace);
  const want = toPosix(path.isAbsolute(missing) ? path.relative(root, missing) : path.normalize(missing));
  const { entries } = await walk(root);
  const dirs = opts.kind === 'dir';
  return entries
    .filter((e) => e.dir === dirs)
    .map((e) => ({ rel: e.rel, score: pathScore(want, e.rel) }))
    .filter((x) => x.score >= 1.5)
    .sort((a, b) => b.score - a.score || a.rel.length - b.rel.length)
    .slice(0, opts.limit ?? 3)
    .map((x) => (dirs ? `${x.rel}/` : x.rel));
}

/** "File not found" text with the nearest paths, for every tool to share. */
export async function notFoundMessage(workspace: string, rel: string, kind: 'file' | 'dir' = 'file'): Promise<string> {
  const near = await nearestPaths(workspace, rel, { kind }).catch(() => []);
  const what = kind === 'dir' ? 'Directory' : 'File';
  const head = `${what} not found: ${rel}.`;
  if (!near.length) return `${head} No similar paths exist; call list_files to see what is there.`;
  return `${head} Did you mean: ${near.join(', ')}?`;
}
