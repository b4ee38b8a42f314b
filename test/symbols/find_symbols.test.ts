// find_symbols through the tool registry, as the agent loop calls it.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { configSchema } from '../../lib/config/schema';
import type { Db } from '../../lib/db';
import { findSymbols, indexWorkspace, isIndexed } from '../../lib/symbols/index';
import { runTool } from '../../lib/tools';
import type { ToolContext } from '../../lib/tools/types';
import { MIXED, project } from './fixtures';
import { ChromaService } from '../../lib/rag/connect';
import { SymbolIndexers } from '../../lib/symbols/indexers';

const WS = 'ws-find';

function ctx(root: string, db: Db, resultTokens = 1000): ToolContext {
  return {
    workspace: root,
    signal: new AbortController().signal,
    settings: { shellPolicy: 'deny', shellDenyPatterns: [], shellTimeoutSeconds: 5, resultTokens, maxReadBytes: 1_000_000 },
    callId: 'c1',
    env: { config: configSchema.parse({}), db, workspaceId: WS, dataDir: path.dirname(root), symbols: new SymbolIndexers(), chroma: new ChromaService() },
  };
}

describe('find_symbols', () => {
  test('"where is TerminalState defined?" in one call, indexing a never-indexed workspace first', async () => {
    const { root, db } = project(MIXED);
    expect(isIndexed(db, WS)).toBe(false);
    const r = await runTool('find_symbols', { name: 'TerminalState' }, ctx(root, db));
    expect(r.ok).toBe(true);
    expect(isIndexed(db, WS)).toBe(true);
    expect(r.content).toBe([
      '3 symbols:',
      'src-tauri/src/state.rs [Rust]',
      '  6-10 struct TerminalState: pub struct TerminalState',
      '  13-25 impl TerminalState: impl TerminalState',
      '  31-35 impl TerminalState: impl Render for TerminalState',
    ].join('\n'));
  });

  test('"what functions exist in state.rs?" lists functions and methods with signatures', async () => {
    const { root, db } = project(MIXED);
    const r = await runTool('find_symbols', { file: 'state.rs', kind: 'function' }, ctx(root, db));
    expect(r.content.split('\n')).toEqual([
      '5 symbols:',
      'src-tauri/src/state.rs [Rust]',
      '  14-16 method TerminalState.new: pub fn new() -> Self',
      '  18-20 method TerminalState.update: pub fn update(&mut self, line: &str)',
      '  22-24 method TerminalState.reset: pub fn reset(&mut self)',
      '  28 method Render.render: fn render(&self) -> String;',
      '  32-34 method TerminalState.render: fn render(&self) -> String',
    ]);
  });

  test('prefix, fuzzy and qualified names; kinds; folders', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const prefix = await runTool('find_symbols', { name: 'exec', match: 'prefix' }, ctx(root, db));
    expect(prefix.content).toContain('(prefix match)');
    expect(prefix.content).toContain('src-tauri/src/commands/mod.rs [Rust]\n  7-10 function execute_command');
    const fuzzy = await runTool('find_symbols', { name: 'TerminalStat' }, ctx(root, db));
    expect(fuzzy.content).toMatch(/^3 symbols \(prefix match\)/);
    const typo = await runTool('find_symbols', { name: 'TermnalState' }, ctx(root, db));
    expect(typo.content).toMatch(/\(fuzzy match\)/);
    expect(typo.content).toContain('struct TerminalState');
    const qualified = findSymbols(db, WS, { name: 'TerminalState::reset' });
    expect(qualified.hits.map((h) => `${h.parent}.${h.name}:${h.line}`)).toEqual(['TerminalState.reset:22']);
    const interfaces = await runTool('find_symbols', { kind: 'interface' }, ctx(root, db));
    expect(interfaces.content).toContain('src/types.ts [TypeScript]\n  1-4 interface Props: interface Props');
    const folder = findSymbols(db, WS, { file: 'src-tauri/src', kind: 'function' });
    expect(new Set(folder.hits.map((h) => h.path))).toEqual(new Set(['src-tauri/src/state.rs', 'src-tauri/src/commands/mod.rs', 'src-tauri/src/main.rs']));
  });

  test('stays within the result budget and says what was left out', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`src/mod_${i}.py`] = `def handler_${i}(request, response, context):\n    pass\n`;
    const { root, db } = project(files);
    const r = await runTool('find_symbols', { name: 'handler', match: 'prefix' }, ctx(root, db, 120));
    expect(r.content.length).toBeLessThanOrEqual(120 * 4);
    expect(r.content).toMatch(/\[… \d+ more not shown; narrow with "file" or "kind"\]$/);
  });

  test('explains empty results and bad arguments', async () => {
    const { root, db } = project(MIXED);
    const none = await runTool('find_symbols', { name: 'zzzzqqqq' }, ctx(root, db));
    expect(none.content).toMatch(/^No symbols match name "zzzzqqqq"/);
    const wrongFile = await runTool('find_symbols', { file: 'stat.rs' }, ctx(root, db));
    expect(wrongFile.content).toContain('did you mean src-tauri/src/state.rs?');
    const nothing = await runTool('find_symbols', {}, ctx(root, db));
    expect(nothing.ok).toBe(false);
    const badMatch = await runTool('find_symbols', { name: 'x', match: 'regex' }, ctx(root, db));
    expect(badMatch.content).toMatch(/must be one of "exact", "prefix", "fuzzy"/);
    const noEnv = await runTool('find_symbols', { name: 'x' }, { ...ctx(root, db), env: undefined });
    expect(noEnv.ok).toBe(false);
  });
});
