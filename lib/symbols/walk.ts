// The workspace walker: source files in supported languages, minus what
// .gitignore excludes, dependency and build folders, symlinks (which also
// rules out symlink loops), and files over the size cap.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageForPath, type LanguageId } from './languages';
import { SKIP_DIRS } from '../tools/workspace';

export const DEFAULT_MAX_FILES = 25_000;

export interface WalkedFile {
  /** Workspace-relative, forward slashes. */
  rel: string;
  abs: string;
  language: LanguageId;
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

export interface WalkOptions {
  maxFileBytes: number;
  maxFiles?: number;
  signal?: AbortSignal;
}

interface Layer {
  base: string; // rel dir of the .gitignore, '' for root
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

function ignored(layers: Layer[], rel: string, dir: boolean): boolean {
  for (const l of layers) {
    const sub = l.base ? rel.slice(l.base.length + 1) : rel;
    if (l.ig.ignores(dir ? `${sub}/` : sub)) return true;
  }
  return false;
}

/** Is this folder name one the walker never enters? */
/** The tools' junk folders, and any dot-folder as well. */
export function skippedDir(name: string): boolean {
  return name.startsWith('.') || SKIP_DIRS.has(name);
}

/** Walk `root` (a real path). Synchronous per folder, yielding between folders so a server stays responsive. */
export async function walkWorkspace(root: string, opts: WalkOptions): Promise<{ files: WalkedFile[]; skipped: Skipped }> {
  const maxFiles = opts.maxFiles ?? DEFAULT_MAX_FILES;
  const files: WalkedFile[] = [];
  const skipped = emptySkipped();
  const stack: { abs: string; rel: string; layers: Layer[] }[] = [{ abs: root, rel: '', layers: [] }];
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
        if (skippedDir(e.name) || ignored(layers, childRel, true)) continue;
        dirs.push({ abs: path.join(abs, e.name), rel: childRel, layers });
        continue;
      }
      if (!e.isFile()) continue;
      const language = languageForPath(e.name);
      if (!language || e.name.endsWith('.min.js') || ignored(layers, childRel, false)) continue;
      if (files.length >= maxFiles) {
        skipped.overLimit = true;
        return { files, skipped };
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
      files.push({ rel: childRel, abs: childAbs, language, size: st.size, mtimeMs: st.mtimeMs });
    }
    for (let i = dirs.length - 1; i >= 0; i--) stack.push(dirs[i]);
    if (Date.now() - lastYield > 30) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  return { files, skipped };
}

/** The .gitignore layers that apply to one file (for re-indexing a single path). */
export function isIgnoredPath(root: string, rel: string): boolean {
  const parts = rel.split('/');
  if (parts.slice(0, -1).some(skippedDir)) return true;
  const layers: Layer[] = [];
  const rootLayer = readIgnore(root, '');
  if (rootLayer) layers.push(rootLayer);
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (ignored(layers, dir, true)) return true;
    const l = readIgnore(path.join(root, dir), dir);
    if (l) layers.push(l);
  }
  return ignored(layers, rel, false);
}
