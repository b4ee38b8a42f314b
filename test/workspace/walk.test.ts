// The shared workspace walker on real folders: what the symbol index and
// retrieval both rely on (ignore rules, junk folders, symlinks, caps).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isIgnoredPath, walkFiles, type Verdict } from '../../lib/workspace/walk';
import { looksBinary } from '../../lib/workspace/binary';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-walk-')));
  made.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const all = (): Verdict => 'keep';
const rels = (r: { files: { rel: string }[] }) => r.files.map((f) => f.rel);

describe('walkFiles', () => {
  test('nested .gitignore rules apply below their folder only; negation and folder rules work', async () => {
    const root = workspace({
      '.gitignore': '*.log\n!keep.log\nbuild-out/\n',
      'a.log': '', 'keep.log': '', 'main.py': '',
      'build-out/x.py': '',
      'pkg/.gitignore': 'local.py\n',
      'pkg/local.py': '', 'pkg/shared.py': '',
      'local.py': '', // pkg's rule does not reach up
    });
    const r = await walkFiles(root, { select: (n) => (n === '.gitignore' ? 'ignore' : 'keep'), maxFileBytes: 1000 });
    expect(rels(r)).toEqual(['keep.log', 'local.py', 'main.py', 'pkg/shared.py']);
  });

  test('never enters dependency, build or dot folders, nor follows symlinks (loops included)', async () => {
    const root = workspace({ 'src/a.py': '', 'node_modules/m/i.js': '', 'target/t.rs': '', '.hidden/h.py': '', '.git/config': '' });
    fs.symlinkSync(root, path.join(root, 'src/loop'));
    fs.symlinkSync(path.join(root, 'src/a.py'), path.join(root, 'src/alias.py'));
    const r = await walkFiles(root, { select: all, maxFileBytes: 1000 });
    expect(rels(r)).toEqual(['src/a.py']);
    expect(r.skipped.symlinks).toBe(2);
  });

  test("the caller's verdicts: ignored names are silent, skipped ones counted, only for files no rule excludes", async () => {
    const root = workspace({ '.gitignore': 'gone.png\n', 'a.py': '', 'b.txt': '', 'c.png': '', 'gone.png': '' });
    const r = await walkFiles(root, { select: (n) => (n.endsWith('.png') ? 'skip' : n.endsWith('.py') ? 'keep' : 'ignore'), maxFileBytes: 1000 });
    expect(rels(r)).toEqual(['a.py']);
    expect(r.skippedByName).toBe(1);
  });

  test('size and file caps, with examples of what was left out', async () => {
    const root = workspace({ 'a.py': 'x'.repeat(2000), 'b.py': '', 'c.py': '', 'd.py': '' });
    const big = await walkFiles(root, { select: all, maxFileBytes: 1000 });
    expect(rels(big)).toEqual(['b.py', 'c.py', 'd.py']);
    expect(big.skipped.tooLarge).toBe(1);
    expect(big.skipped.examples[0]).toEqual({ path: 'a.py', reason: '2000 bytes, over index_max_file_bytes' });
    const capped = await walkFiles(root, { select: all, maxFileBytes: 1000, maxFiles: 2 });
    expect(rels(capped)).toEqual(['b.py', 'c.py']);
    expect(capped.skipped.overLimit).toBe(true);
  });

  test('a start folder or file the user named: junk folder names and an ignored file are taken, the rules above still apply below', async () => {
    const root = workspace({ '.gitignore': 'gen/\n*.tmp\n', 'gen/out.py': '', 'node_modules/pkg/i.js': '', 'node_modules/pkg/x.tmp': '', 'other.tmp': '', 'other.py': '' });
    expect(rels(await walkFiles(root, { select: all, maxFileBytes: 1000, startRel: 'node_modules/pkg' }))).toEqual(['node_modules/pkg/i.js']);
    expect(rels(await walkFiles(root, { select: all, maxFileBytes: 1000, startRel: 'other.tmp' }))).toEqual(['other.tmp']);
    // As in git, nothing under a folder a rule above excludes.
    expect(rels(await walkFiles(root, { select: all, maxFileBytes: 1000, startRel: 'gen' }))).toEqual([]);
    const skipped = await walkFiles(root, { select: () => 'skip', maxFileBytes: 1000, startRel: 'other.py' });
    expect(skipped.files).toEqual([]);
    expect(skipped.skippedByName).toBe(1);
  });

  test('stops when the signal aborts', async () => {
    const root = workspace({ 'a.py': '' });
    const ac = new AbortController();
    ac.abort();
    await expect(walkFiles(root, { select: all, maxFileBytes: 1000, signal: ac.signal })).rejects.toThrow();
  });
});

describe('isIgnoredPath', () => {
  test('answers as the walker does for one file: junk folders, ignored parents, nested rules', () => {
    const root = workspace({ '.gitignore': 'gen/\n', 'pkg/.gitignore': '*.local.py\n', 'gen/.gitignore': '!*.py\n' });
    expect(isIgnoredPath(root, 'src/a.py')).toBe(false);
    expect(isIgnoredPath(root, 'node_modules/x/i.js')).toBe(true);
    expect(isIgnoredPath(root, '.venv/lib/x.py')).toBe(true);
    // A rule inside an ignored folder cannot bring its files back, as in git.
    expect(isIgnoredPath(root, 'gen/a.py')).toBe(true);
    expect(isIgnoredPath(root, 'pkg/a.local.py')).toBe(true);
    expect(isIgnoredPath(root, 'a.local.py')).toBe(false);
  });
});

test('looksBinary: a NUL in the first 8 KB', () => {
  expect(looksBinary(Buffer.from('text\n'))).toBe(false);
  expect(looksBinary(Buffer.concat([Buffer.alloc(8100, 0x61), Buffer.from([0])]))).toBe(true);
  expect(looksBinary(Buffer.concat([Buffer.alloc(8192, 0x61), Buffer.from([0])]))).toBe(false);
});
