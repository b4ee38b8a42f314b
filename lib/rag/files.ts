// Which files `/index <path>` embeds: any text file (retrieval works for any
// language, not only those with a grammar), minus what the workspace walker
// leaves out (.gitignore, dependency/build folders, symlinks, files over the
// size cap), binaries, minified bundles, lock files and non-UTF-8 files.
import path from 'node:path';
import { walkFiles, type Verdict } from '../workspace/walk';
import { looksBinary } from '../workspace/binary';
import { decodeUtf8 } from '../tools/files';
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

export function skippable(name: string): boolean {
  const ext = path.extname(name).slice(1).toLowerCase();
  return BINARY_EXT.has(ext) || SKIP_NAMES.has(name) || SKIP_SUFFIX.some((s) => name.endsWith(s));
}

const textFile = (name: string): Verdict => (name === '.gitignore' ? 'ignore' : skippable(name) ? 'skip' : 'keep');

/**
 * Files under `startRel` ('' = the whole workspace; a file path = just that
 * file), sorted by path. `root` must be a real path. Yields to the event loop between folders.
 */
export async function walkText(root: string, startRel: string, maxBytes: number, skipped: SkippedFiles, signal?: AbortSignal): Promise<TextFile[]> {
  const walked = await walkFiles(root, { select: textFile, maxFileBytes: maxBytes, startRel, signal });
  skipped.binary += walked.skippedByName;
  skipped.tooLarge += walked.skipped.tooLarge;
  const files = walked.files.map(({ rel, abs, size }) => ({ rel, abs, size }));
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
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
