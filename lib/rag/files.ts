// Which files `/index <path>` embeds: any text file (retrieval works for any
// language, not only those with a grammar), minus what .gitignore excludes,
// dependency/build folders, symlinks (no loops), binaries, minified bundles,
// non-UTF-8 files and files over the size cap. The symbol index's walker is
// not reused because it keeps only files with a grammar; its folder rules are.
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { skippedDir } from '../symbols/walk';
import { decodeUtf8, looksBinary } from '../tools/files';
import type { SkippedFiles } from './types';

export interface TextFile {
  rel: string;
  abs: string;
  size: number;
}

const BINARY_EXT = new Set(
  ('png jpg jpeg gif bmp ico webp avif tiff psd pdf zip gz tgz bz2 xz 7z rar jar war ear class o a so dylib dll exe bin ' +
    'wasm pyc pyo whl woff woff2 ttf otf eot mp3 mp4 m4a wav ogg flac avi mov mkv webm sqlite db sqlite3 node ' +
    'iso dmg img pack idx parquet npy npz pt onnx gguf safetensors').split(' '),
);
// Generated files no one asks questions about, and that drown real code in results.
const SKIP_NAMES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'Cargo.lock', 'poetry.lock', 'composer.lock', 'Gemfile.lock', 'go.sum']);
const SKIP_SUFFIX = ['.min.js', '.min.css', '.map', '.lock'];

interface Layer {
  base: string;
  ig: Ignore;
}

function readIgnore(absDir: string, base: string): Layer | null {
  try {
    return { base, ig: ignore().add(fs.readFileSync(path.join(absDir, '.gitignore'), 'utf8')) };
  } catch {
    return null;
  }
}

const ignoredBy = (layers: Layer[], rel: string, dir: boolean) =>
  layers.some((l) => {
    const sub = l.base ? rel.slice(l.base.length + 1) : rel;
    return sub !== '' && l.ig.ignores(dir ? `${sub}/` : sub);
  });

/**
 * .gitignore layers from the root down to folder `rel`. A folder the user
 * named explicitly is walked even if a rule would skip it: they asked for it.
 */
function layersTo(root: string, rel: string): Layer[] {
  const layers: Layer[] = [];
  const parts = rel ? rel.split('/') : [];
  const rootLayer = readIgnore(root, '');
  if (rootLayer) layers.push(rootLayer);
  for (let i = 1; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    const l = readIgnore(path.join(root, dir), dir);
    if (l) layers.push(l);
  }
  return layers;
}

export function skippable(name: string): boolean {
  const ext = path.extname(name).slice(1).toLowerCase();
  return BINARY_EXT.has(ext) || SKIP_NAMES.has(name) || SKIP_SUFFIX.some((s) => name.endsWith(s));
}

/**
 * Files under `startRel` ('' = the whole workspace; a file path = just that
 * file). `root` must be a real path. Yields to the event loop between folders.
 */
export async function walkText(root: string, startRel: string, maxBytes: number, skipped: SkippedFiles, signal?: AbortSignal): Promise<TextFile[]> {
  const files: TextFile[] = [];
  const startAbs = path.join(root, startRel);
  const st = fs.lstatSync(startAbs);
  if (st.isFile()) {
    if (skippable(path.basename(startRel))) skipped.binary++;
    else if (st.size > maxBytes) skipped.tooLarge++;
    else files.push({ rel: startRel, abs: startAbs, size: st.size });
    return files;
  }
  if (!st.isDirectory()) return files;
  // Layers above the start folder; its own .gitignore is read as it is walked.
  const parent = path.posix.dirname(startRel);
  const top = startRel ? layersTo(root, parent === '.' ? '' : parent) : [];
  const stack = [{ abs: startAbs, rel: startRel, layers: top }];
  let lastYield = Date.now();
  while (stack.length) {
    signal?.throwIfAborted();
    const { abs, rel, layers: parent } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      continue;
    }
    const own = entries.some((e) => e.name === '.gitignore') ? readIgnore(abs, rel) : null;
    const layers = own ? [...parent, own] : parent;
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0)); // reversed: the stack pops in name order
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (!skippedDir(e.name) && !ignoredBy(layers, childRel, true)) stack.push({ abs: path.join(abs, e.name), rel: childRel, layers });
        continue;
      }
      if (!e.isFile() || e.name === '.gitignore' || ignoredBy(layers, childRel, false)) continue;
      if (skippable(e.name)) {
        skipped.binary++;
        continue;
      }
      const childAbs = path.join(abs, e.name);
      let size: number;
      try {
        size = fs.statSync(childAbs).size;
      } catch {
        continue;
      }
      if (size > maxBytes) skipped.tooLarge++;
      else files.push({ rel: childRel, abs: childAbs, size });
    }
    if (Date.now() - lastYield > 30) {
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return files;
}

/** The file's text, or why it is not embedded. */
export function readText(buf: Buffer): { text: string } | { skip: keyof SkippedFiles } {
  if (looksBinary(buf)) return { skip: 'binary' };
  const text = decodeUtf8(buf);
  if (text === null) return { skip: 'notUtf8' };
  if (looksMinified(text)) return { skip: 'minified' };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Bundled/minified output: long lines on average, or one enormous line. */
function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  return text.length / lines > 300 || longest > 20_000;
}
