// The one workspace walker, for the symbol index and retrieval: files under a
// folder minus what .gitignore excludes (nested files too), dependency, build
// and dot-folders, symlinks (which also rules out symlink loops) and files
// over the size cap; the caller says by name which files it wants. The file
// tools' list_files walks on its own (it shows junk folders, as skipped) but
// skips the same SKIP_DIRS.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Dependencies, build output and caches: never worth walking. The file tools, the symbol index and retrieval share this list. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  '.git', '.next', '.venv', 'node_modules', 'target', 'dist', 'build', 'out', '__pycache__', 'venv',
  'vendor', 'bower_components', 'coverage', 'site-packages', 'obj',
]);

/** Is this folder name one the walker never enters? The tools' junk folders, and any dot-folder as well. */
export function skippedDir(name: string): boolean {
  return name.startsWith('.') || SKIP_DIRS.has(name);
}

export interface WalkedFile {
  /** Workspace-relative, forward slashes. */
  rel: string;
  abs: string;
  size: number;
  mtimeMs: number;
}

export interface Skipped {
  tooLarge: number;
  symlinks: number;
  unreadable: number;
  /** Files beyond the file cap (not walked further). */
  overLimit: boolean;
  examples: { path: string; reason: string }[];
}

/**
 * What the caller makes of a file name: 'keep' it, 'ignore' it silently (not
 * the kind of file it wants), or 'skip' it and count it (binaries, lock files).
 */
export type Verdict = 'keep' | 'ignore' | 'skip';

export interface WalkOptions {
  /** Asked once per file, before any rule, so it must be cheap. */
  select: (name: string) => Verdict;
  maxFileBytes: number;
  /** Stop after this many kept files (skipped.overLimit); default: no cap. */
  maxFiles?: number;
  /**
   * Folder or file to walk, workspace-relative ('' = all). What the user names
   * is taken even where the walk would not go: a junk folder (node_modules/x),
   * an ignored file, a file with an 'ignore' verdict (only 'skip' and the size
   * cap still apply to it). Below a named folder the .gitignore rules above it
   * still apply, so a folder a rule excludes yields nothing, as in git.
   */
  startRel?: string;
  signal?: AbortSignal;
}

export interface WalkResult {
  /** Folder by folder in name order, each folder's files before its subfolders. */
  files: WalkedFile[];
  skipped: Skipped;
  /** Files `select` answered 'skip' for. */
  skippedByName: number;
}

interface Layer {
  base: string; // rel dir of the .gitignore, '' for the root
  ig: Ignore;
}

const EXAMPLES = 20;

export function emptySkipped(): Skipped {
  return { tooLarge: 0, symlinks: 0, unreadable: 0, overLimit: false, examples: [] };
}

function note(s: Skipped, rel: string, reason: string): void {
  if (s.examples.length < EXAMPLES) s.examples.push({ path: rel, reason });
}

function readIgnore(absDir: string, base: string): Layer | null {
  try {
    return { base, ig: ignore().add(fs.readFileSync(path.join(absDir, '.gitignore'), 'utf8')) };
  } catch {
    return null;
  }
}

/**
 * Does a layer exclude `rel`? A .gitignore speaks of the paths below its own
 * folder, never of the folder itself: that case answers no (the `ignore`
 * package would throw on the empty path and stop the whole walk).
 */
function ignoredBy(layers: readonly Layer[], rel: string, dir: boolean): boolean {
  for (const l of layers) {
    const sub = l.base ? rel.slice(l.base.length + 1) : rel;
    if (sub !== '' && l.ig.ignores(dir ? `${sub}/` : sub)) return true;
  }
  return false;
}

/**
 * The .gitignore layers from the root down to folder `dir`, its own included.
 * With `stopAtIgnored`, null as soon as a folder on the way is ignored.
 */
function layersTo(root: string, dir: string, stopAtIgnored: boolean): Layer[] | null {
  const layers: Layer[] = [];
  const parts = dir ? dir.split('/') : [];
  for (let i = 0; i <= parts.length; i++) {
    const d = parts.slice(0, i).join('/');
    if (stopAtIgnored && i > 0 && ignoredBy(layers, d, true)) return null;
    const l = readIgnore(path.join(root, d), d);
    if (l) layers.push(l);
  }
  return layers;
}

/** Would the walker leave this file out by its folders and .gitignore rules? (For re-indexing a single path.) */
export function isIgnoredPath(root: string, rel: string): boolean {
  const parts = rel.split('/');
  if (parts.slice(0, -1).some(skippedDir)) return true;
  const layers = layersTo(root, parts.slice(0, -1).join('/'), true);
  return !layers || ignoredBy(layers, rel, false);
}

/** Walk `root` (a real path). Synchronous per folder, yielding between folders so a server stays responsive. */
export async function walkFiles(root: string, opts: WalkOptions): Promise<WalkResult> {
  const maxFiles = opts.maxFiles ?? Infinity;
  const startRel = opts.startRel ?? '';
  const out: WalkResult = { files: [], skipped: emptySkipped(), skippedByName: 0 };
  const { files, skipped } = out;
  const startAbs = path.join(root, startRel);
  if (startRel) {
    const st = fs.lstatSync(startAbs);
    if (st.isFile()) {
      if (opts.select(path.basename(startRel)) === 'skip') out.skippedByName++;
      else if (st.size > opts.maxFileBytes) skipped.tooLarge++;
      else files.push({ rel: startRel, abs: startAbs, size: st.size, mtimeMs: st.mtimeMs });
      return out;
    }
    if (!st.isDirectory()) return out;
  }
  // Layers above the start folder; its own .gitignore is read as it is walked.
  const top = startRel ? layersTo(root, path.posix.dirname(startRel).replace(/^\.$/, ''), false)! : [];
  const stack: { abs: string; rel: string; layers: Layer[] }[] = [{ abs: startAbs, rel: startRel, layers: top }];
  let lastYield = Date.now();
  while (stack.length) {
    opts.signal?.throwIfAborted();
    const { abs, rel, layers: parentLayers } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      skipped.unreadable++;
      note(skipped, rel || '.', 'folder not readable');
      continue;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? readIgnore(abs, rel) : null;
    const layers = own ? [...parentLayers, own] : parentLayers;
    // Sorted so runs are deterministic; folders pushed in reverse pop in order.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dirs: typeof stack = [];
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) {
        skipped.symlinks++;
        continue;
      }
      if (e.isDirectory()) {
        if (!skippedDir(e.name) && !ignoredBy(layers, childRel, true)) dirs.push({ abs: path.join(abs, e.name), rel: childRel, layers });
        continue;
      }
      if (!e.isFile()) continue;
      const verdict = opts.select(e.name);
      if (verdict === 'ignore' || ignoredBy(layers, childRel, false)) continue;
      if (verdict === 'skip') {
        out.skippedByName++;
        continue;
      }
      if (files.length >= maxFiles) {
        skipped.overLimit = true;
        return out;
      }
      const childAbs = path.join(abs, e.name);
      let st: fs.Stats;
      try {
        st = fs.statSync(childAbs);
      } catch {
        skipped.unreadable++;
        note(skipped, childRel, 'not readable');
        continue;
      }
      if (st.size > opts.maxFileBytes) {
        skipped.tooLarge++;
        note(skipped, childRel, `${st.size} bytes, over index_max_file_bytes`);
        continue;
      }
      files.push({ rel: childRel, abs: childAbs, size: st.size, mtimeMs: st.mtimeMs });
    }
    for (let i = dirs.length - 1; i >= 0; i--) stack.push(dirs[i]);
    if (Date.now() - lastYield > 30) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  return out;
}
