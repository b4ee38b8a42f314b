// Chunking along symbol boundaries, with the real tree-sitter outline, and the
// file rules of `/index` (gitignore, binaries, encodings, minified files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { chunkFile, MAX_CHARS, MAX_LINES } from '../../lib/rag/chunk';
import { readText, walkText } from '../../lib/rag/files';
import type { SkippedFiles } from '../../lib/rag/types';
import { writeFiles } from './support';

const fn = (name: string, body: number) =>
  `pub fn ${name}(input: &str) -> usize {\n${Array.from({ length: body }, (_, i) => `    let step_${i} = input.len() + ${i}; // ${name} does step ${i}`).join('\n')}\n    0\n}\n`;

describe('chunkFile', () => {
  test('a chunk is a whole function, class or impl method, with path, lines, language and symbol', async () => {
    const src = [
      'use std::collections::HashMap;', // 1
      '',
      fn('parse_flags', 8).trimEnd(), // 3-12
      '',
      'pub struct TerminalState {', // 14
      '    pub cwd: String,',
      '}',
      '',
      'impl TerminalState {', // 18
      ...['new', 'update', 'reset', 'resize'].flatMap((m) => [...fn(m, 8).trimEnd().split('\n').map((l) => `    ${l}`), '']),
      '}',
    ].join('\n');
    const chunks = await chunkFile('src/state.rs', src);
    expect(chunks.every((c) => c.path === 'src/state.rs' && c.language === 'rust')).toBe(true);
    const parse = chunks.find((c) => c.symbol.includes('parse_flags'))!;
    expect(parse.startLine).toBe(1); // the small `use` line merged into its neighbour
    expect(parse.endLine).toBeGreaterThanOrEqual(12);
    expect(parse.text).toContain('pub fn parse_flags');
    // The impl block is too big for one chunk: split along its methods, named Type.method.
    for (const m of ['update', 'reset', 'resize']) {
      const c = chunks.find((x) => x.symbol.split(', ').includes(`TerminalState.${m}`))!;
      expect(c, m).toBeDefined();
      expect(c.text).toContain(`pub fn ${m}(`);
      expect(c.text.trimEnd().endsWith('}')).toBe(true);
    }
    for (const c of chunks) {
      const lines = src.split('\n').slice(c.startLine - 1, c.endLine).join('\n');
      expect(c.text).toBe(lines);
      expect(c.text.length).toBeLessThanOrEqual(MAX_CHARS);
    }
  });

  test('small neighbours are merged into one chunk', async () => {
    const src = ['export const A = 1;', 'export function one() { return 1; }', 'export function two() { return 2; }', 'export interface Three { x: number }', ''].join('\n');
    const chunks = await chunkFile('src/small.ts', src);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].symbol).toBe('A, one, two, Three');
    expect([chunks[0].startLine, chunks[0].endLine]).toEqual([1, 4]);
  });

  test('a large function without members is split into overlapping windows', async () => {
    const src = fn('huge', 150);
    const chunks = await chunkFile('src/huge.rs', src);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.symbol).toBe('huge');
      expect(c.text.length).toBeLessThanOrEqual(MAX_CHARS);
      expect(c.endLine - c.startLine + 1).toBeLessThanOrEqual(MAX_LINES);
    }
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i].startLine).toBeLessThanOrEqual(chunks[i - 1].endLine); // overlap
      expect(chunks[i].startLine).toBeGreaterThan(chunks[i - 1].startLine);
    }
    expect(chunks[0].startLine).toBe(1);
    expect(chunks[chunks.length - 1].endLine).toBe(src.trimEnd().split('\n').length);
  });

  test('files without a grammar fall back to line windows; one enormous line is cut by characters', async () => {
    const md = Array.from({ length: 120 }, (_, i) => (i % 10 === 9 ? '' : `Line ${i} of the guide explains something useful.`)).join('\n');
    const chunks = await chunkFile('docs/guide.md', md);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.language === 'markdown' && c.symbol === '')).toBe(true);
    const long = await chunkFile('data/blob.txt', 'x'.repeat(MAX_CHARS * 3 + 10));
    expect(long).toHaveLength(4);
    expect(long.every((c) => c.startLine === 1 && c.endLine === 1 && c.text.length <= MAX_CHARS)).toBe(true);
    expect(new Set(long.map((c) => c.id)).size).toBe(4);
  });

  test('ids are content hashes: same content, same id; a repeated block gets its own id; empty files give nothing', async () => {
    const src = 'def a():\n    return 1\n';
    const [x] = await chunkFile('m.py', src);
    const [y] = await chunkFile('m.py', src);
    const [z] = await chunkFile('other.py', src);
    expect(x.id).toBe(y.id);
    expect(z.id).not.toBe(x.id); // the path is part of what is embedded
    const rep = await chunkFile('r.txt', Array.from({ length: 200 }, () => 'same line').join('\n'));
    expect(new Set(rep.map((c) => c.id)).size).toBe(rep.length);
    expect(await chunkFile('e.py', '\n\n   \n')).toEqual([]);
  });

  test('code that does not parse still yields chunks', async () => {
    const chunks = await chunkFile('src/broken.ts', 'export function ok() { return 1 }\nfunction broken( {{{ \n const = ;\n');
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.map((c) => c.text).join('\n')).toContain('broken(');
  });
});

describe('files to index', () => {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-rag-files-')));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const skipped = (): SkippedFiles => ({ binary: 0, tooLarge: 0, notUtf8: 0, minified: 0 });

  test('respects .gitignore at every level, skips dependency folders, binaries, huge files and symlinks', async () => {
    writeFiles(tmp, {
      '.gitignore': 'secret.txt\ngen/\n',
      'src/main.rs': 'fn main() {}\n',
      'src/.gitignore': '*.tmp.rs\n',
      'src/scratch.tmp.rs': 'fn x() {}\n',
      'src/gen/out.rs': 'fn gen() {}\n',
      'secret.txt': 'password\n',
      'node_modules/pkg/index.js': 'module.exports = 1;\n',
      'target/debug/build.rs': 'fn b() {}\n',
      'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      'package-lock.json': '{}\n',
      'big.txt': 'y'.repeat(5000),
      'docs/readme.md': '# Docs\n',
    });
    fs.symlinkSync(tmp, path.join(tmp, 'src', 'loop'));
    const s = skipped();
    const files = await walkText(tmp, '', 4096, s);
    expect(files.map((f) => f.rel)).toEqual(['docs/readme.md', 'src/main.rs']);
    expect(s.tooLarge).toBe(1);
    expect(s.binary).toBe(2);
    // A subfolder on its own still honours the root .gitignore above it.
    expect((await walkText(tmp, 'src', 4096, skipped())).map((f) => f.rel)).toEqual(['src/main.rs']);
    expect((await walkText(tmp, 'src/main.rs', 4096, skipped())).map((f) => f.rel)).toEqual(['src/main.rs']);
  });

  test('binary, non-UTF-8 and minified content is recognised', () => {
    expect(readText(Buffer.from('plain text\n'))).toEqual({ text: 'plain text\n' });
    expect(readText(Buffer.from('\ufeffwith BOM'))).toEqual({ text: 'with BOM' });
    expect(readText(Buffer.from([0x41, 0x00, 0x42]))).toEqual({ skip: 'binary' });
    expect(readText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))).toEqual({ skip: 'notUtf8' }); // Latin-1 "café"
    expect(readText(Buffer.from(`var a=${'1+'.repeat(30_000)}1;`))).toEqual({ skip: 'minified' });
  });
});
