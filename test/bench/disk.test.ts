import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countLines, workspaceFiles } from '../../lib/bench/disk';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-disk-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('workspace figures', () => {
  it('counts files, lines and tree-sitter syntax errors; skips caches and binaries', async () => {
    fs.writeFileSync(path.join(dir, 'ok.py'), 'def f():\n    return 1\n');
    fs.writeFileSync(path.join(dir, 'bad.py'), 'def f(:\n    return (1\n');
    fs.mkdirSync(path.join(dir, 'pkg'));
    fs.writeFileSync(path.join(dir, 'pkg', 'notes.md'), 'one\ntwo\nthree');
    fs.mkdirSync(path.join(dir, '__pycache__'));
    fs.writeFileSync(path.join(dir, '__pycache__', 'x.pyc'), 'junk\n');
    fs.writeFileSync(path.join(dir, 'todos.db'), Buffer.from([0, 1, 2]));
    const files = await workspaceFiles(dir);
    expect(files.map((f) => [f.path, f.lines])).toEqual([['bad.py', 2], ['ok.py', 2], ['pkg/notes.md', 3]]);
    expect(files.find((f) => f.path === 'bad.py')!.syntaxErrors).toBeGreaterThan(0);
    expect(files.find((f) => f.path === 'ok.py')!.syntaxErrors).toBe(0);
  });

  it('counts lines with and without a final newline', () => {
    expect([countLines(''), countLines('a'), countLines('a\n'), countLines('a\nb')]).toEqual([0, 1, 1, 2]);
  });
});
