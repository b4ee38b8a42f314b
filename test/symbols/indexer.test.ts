// indexWorkspace and reindexFiles on real files and a real SQLite database.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSymbols, findSymbols, indexWorkspace, lastSummary, reindexFiles } from '../../lib/symbols/index';
import { grammarPaths, resetLanguages } from '../../lib/symbols/parser';
import { decodeRefs, encodeRefs } from '../../lib/symbols/store';
import { MIXED, RUST_STATE, project, writeFiles } from './fixtures';

const WS = 'ws-1';

describe('indexWorkspace', () => {
  test('indexes every supported language and stores symbols with lines, parents and signatures', async () => {
    const { root, db } = project(MIXED);
    const progress: string[] = [];
    const s = await indexWorkspace(db, WS, root, { onProgress: (p) => progress.push(p.phase) });
    expect(s.files).toBe(7);
    expect(s.parsed).toBe(7);
    expect(s.errorCount).toBe(0);
    expect(progress[0]).toBe('walk');
    expect(progress.at(-1)).toBe('done');
    const byLang = Object.fromEntries(s.languages.map((l) => [l.language, l.files]));
    expect(byLang).toEqual({ rust: 3, python: 1, typescript: 1, tsx: 1, javascript: 1 });

    const state = fileSymbols(db, WS, 'src-tauri/src/state.rs');
    const ts = state.find((x) => x.name === 'TerminalState' && x.kind === 'struct')!;
    expect(ts).toMatchObject({ line: 6, endLine: 10, signature: 'pub struct TerminalState', language: 'rust' });
    const update = state.find((x) => x.name === 'update')!;
    expect(update).toMatchObject({ kind: 'method', parent: 'TerminalState', line: 18, signature: 'pub fn update(&mut self, line: &str)' });
    expect(lastSummary(db, WS)?.files).toBe(7);
  });

  test('incremental: unchanged files are skipped, touched ones hashed, edited ones re-parsed, deleted ones dropped', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const again = await indexWorkspace(db, WS, root);
    expect(again).toMatchObject({ parsed: 0, unchanged: 7, removed: 0 });

    // touch: new mtime, same bytes -> hash says unchanged
    const state = path.join(root, 'src-tauri/src/state.rs');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(state, later, later);
    expect(await indexWorkspace(db, WS, root)).toMatchObject({ parsed: 0, unchanged: 7 });

    // edit one file
    fs.writeFileSync(state, `${RUST_STATE}\npub fn added_later() {}\n`);
    expect(await indexWorkspace(db, WS, root)).toMatchObject({ parsed: 1, unchanged: 6 });
    expect(findSymbols(db, WS, { name: 'added_later' }).hits[0]).toMatchObject({ path: 'src-tauri/src/state.rs', line: 42 });

    // delete one file
    fs.rmSync(path.join(root, 'src/util.js'));
    const s = await indexWorkspace(db, WS, root);
    expect(s).toMatchObject({ parsed: 0, removed: 1, files: 6 });
    expect(findSymbols(db, WS, { name: 'Logger' }).hits).toEqual([]);
  });

  test('respects .gitignore (nested too) and skips dependency, build and VCS folders, binaries, big and minified files', async () => {
    const { root, db } = project({
      'src/keep.py': 'def keep():\n    pass\n',
      '.gitignore': 'generated/\n*.gen.ts\n',
      'generated/out.py': 'def ignored():\n    pass\n',
      'src/schema.gen.ts': 'export function gen() {}\n',
      'lib/.gitignore': 'local.js\n',
      'lib/local.js': 'function local() {}\n',
      'lib/shared.js': 'function shared() {}\n',
      'node_modules/dep/index.js': 'function dep() {}\n',
      'target/debug/build.rs': 'fn built() {}\n',
      '.git/hooks/x.py': 'def hook(): pass\n',
      'dist/app.js': 'function bundled() {}\n',
      'src/blob.py': Buffer.from([0x64, 0x65, 0x66, 0x00, 0x01, 0x02]),
      'src/big.py': `X = 1\n${'# padding\n'.repeat(300)}`,
      'src/app.min.js': 'function m(){}',
      'src/bundle.js': `var a=${'1+'.repeat(15000)}1;`,
      'src/latin1.py': Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\ndef latin():\n    pass\n')]),
    });
    const s = await indexWorkspace(db, WS, root, { maxFileBytes: 2048 });
    const files = (db.$client.prepare('SELECT path FROM symbol_files ORDER BY path').all() as { path: string }[]).map((r) => r.path);
    expect(files).toEqual(['lib/shared.js', 'src/keep.py', 'src/latin1.py']);
    expect(s.skipped.tooLarge).toBe(2); // big.py and the one-line bundle
    expect(s.skipped.binary).toBe(1);
    expect(findSymbols(db, WS, { name: 'latin' }).hits).toHaveLength(1);
  });

  test('a minified file under the size cap is skipped, not parsed', async () => {
    const { root, db } = project({ 'web/bundle.js': `var a=${'1+'.repeat(15000)}1;`, 'web/ok.js': 'function ok() {}\n' });
    const s = await indexWorkspace(db, WS, root);
    expect(s.skipped.minified).toBe(1);
    expect(s.files).toBe(1);
  });

  test('symlinks (including loops) are not followed', async () => {
    const { root, db } = project({ 'src/a.py': 'def a():\n    pass\n' });
    fs.symlinkSync(root, path.join(root, 'src/loop'));
    fs.symlinkSync(path.join(root, 'src/a.py'), path.join(root, 'src/alias.py'));
    const s = await indexWorkspace(db, WS, root);
    expect(s.files).toBe(1);
    expect(s.skipped.symlinks).toBe(2);
  });

  test('the file cap stops the walk and says so', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`m${String(i).padStart(2, '0')}.py`] = `def f${i}():\n    pass\n`;
    const { root, db } = project(files);
    const s = await indexWorkspace(db, WS, root, { maxFiles: 10 });
    expect(s.files).toBe(10);
    expect(s.skipped.overLimit).toBe(true);
  });

  test('parse errors never stop indexing: the broken file is indexed as far as it parsed and reported', async () => {
    const { root, db } = project({
      'a.py': 'def fine():\n    return 1\n',
      'b.py': 'def ok_before():\n    pass\n\ndef broken(:\n    pass\n\nclass AfterError:\n    pass\n',
      'c.ts': 'export function alsoFine() {}\n',
    });
    const s = await indexWorkspace(db, WS, root);
    expect(s.files).toBe(3);
    expect(s.errorCount).toBe(1);
    expect(s.errors[0].path).toBe('b.py');
    expect(findSymbols(db, WS, { name: 'AfterError' }).hits).toHaveLength(1);
    expect(findSymbols(db, WS, { name: 'alsoFine' }).hits).toHaveLength(1);
  });

  test('a grammar that fails to load skips its language with a warning; the others go on', async () => {
    const { root, db } = project(MIXED);
    grammarPaths.override.set('python', path.join(root, 'README.md'));
    resetLanguages();
    try {
      const s = await indexWorkspace(db, WS, root);
      expect(s.warnings.join('\n')).toMatch(/python: grammar or query failed to load/);
      expect(s.skipped.noGrammar).toBe(1);
      expect(s.files).toBe(6);
      expect(findSymbols(db, WS, { name: 'TerminalState' }).hits.length).toBeGreaterThan(0);
    } finally {
      grammarPaths.override.clear();
      resetLanguages();
    }
    // With the grammar back, the next run picks the file up.
    const s = await indexWorkspace(db, WS, root);
    expect(s).toMatchObject({ parsed: 1, files: 7 });
    expect(findSymbols(db, WS, { name: 'load_users' }).hits).toHaveLength(1);
  });

  test('parse workers give the same index as parsing on the main thread', async () => {
    const a = project(MIXED);
    const b = project(MIXED);
    const onThread = await indexWorkspace(a.db, WS, a.root, { workers: 0 });
    const inWorkers = await indexWorkspace(b.db, WS, b.root, { workers: 2 });
    expect(inWorkers).toMatchObject({ files: onThread.files, symbols: onThread.symbols, parsed: 7, warnings: [] });
    const dump = (db: typeof a.db) => db.$client.prepare('SELECT f.path, s.name, s.kind, s.line, s.end_line, s.parent, s.signature FROM symbols s JOIN symbol_files f ON f.id = s.file_id ORDER BY 1, 4, 2').all();
    expect(dump(b.db)).toEqual(dump(a.db));
    const refs = (db: typeof a.db) => db.$client.prepare('SELECT path, refs, hash FROM symbol_files ORDER BY path').all();
    expect(refs(b.db)).toEqual(refs(a.db));
  });

  test('a cancelled run stops, and the next run completes the index', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`pkg/m${i}.py`] = `def f${i}():\n    pass\n`.repeat(200);
    const { root, db } = project(files);
    const ac = new AbortController();
    const run = indexWorkspace(db, WS, root, { signal: ac.signal, workers: 1, onProgress: (p) => p.phase === 'parse' && ac.abort() });
    ac.abort();
    await expect(run).rejects.toThrow();
    const s = await indexWorkspace(db, WS, root);
    expect(s.files).toBe(60);
    expect(s.parsed + s.unchanged).toBe(60);
  });

  test('workspaces are kept apart in one database', async () => {
    const { root, db } = project({ 'a.py': 'def only_here():\n    pass\n' });
    await indexWorkspace(db, 'other', root);
    expect(findSymbols(db, WS, { name: 'only_here' }).hits).toEqual([]);
    expect(findSymbols(db, 'other', { name: 'only_here' }).hits).toHaveLength(1);
  });
});

describe('reindexFiles', () => {
  test('re-indexes an edited file, drops a deleted one, and ignores what the walker would skip', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    writeFiles(root, {
      'src/types.ts': 'export interface Renamed { x: number }\n',
      'src/new.py': 'def brand_new():\n    pass\n',
      'node_modules/x/index.js': 'function nope() {}\n',
    });
    fs.rmSync(path.join(root, 'scripts/models.py'));
    const r = await reindexFiles(db, WS, root, ['src/types.ts', path.join(root, 'src/new.py'), 'scripts/models.py', 'node_modules/x/index.js', 'src-tauri/src/main.rs']);
    expect(r.updated.sort()).toEqual(['src/new.py', 'src/types.ts']);
    expect(r.removed).toEqual(['scripts/models.py']);
    expect(r.skipped).toEqual(['node_modules/x/index.js']);
    expect(r.unchanged).toEqual(['src-tauri/src/main.rs']);
    expect(findSymbols(db, WS, { name: 'Props' }).hits).toEqual([]);
    expect(findSymbols(db, WS, { name: 'Renamed' }).hits[0]).toMatchObject({ path: 'src/types.ts', line: 1, kind: 'interface' });
    expect(findSymbols(db, WS, { name: 'User' }).hits).toEqual([]);
  });
});

describe('stored references', () => {
  test('round-trip through the stored form, and indexes written as JSON still read', async () => {
    const refs = new Map([['TerminalState', 3], ['$el', 1], ['__init__', 12], ['constructor', 2], ['toString', 1]]);
    expect(decodeRefs(encodeRefs(refs))).toEqual(refs);
    expect(decodeRefs(encodeRefs(new Map()))).toEqual(new Map());
    expect(decodeRefs('{"TerminalState":3,"update":2}')).toEqual(new Map([['TerminalState', 3], ['update', 2]]));
  });

  test('the references a file makes are what the index stores for ranking', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const row = db.$client.prepare('SELECT refs FROM symbol_files WHERE path = ?').get('src-tauri/src/main.rs') as { refs: string };
    const refs = decodeRefs(row.refs);
    expect(refs.get('TerminalState')).toBeGreaterThan(0);
    expect(refs.has('fn')).toBe(false);
  });
});
