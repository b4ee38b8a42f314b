// The Symbol Map: the shape, PageRank ranking, and the token budget.
import { describe, expect, test } from 'vitest';
import { estimateTokens } from '../../lib/llm/budget';
import { indexWorkspace, symbolMap } from '../../lib/symbols/index';
import { MIXED, project } from './fixtures';

const WS = 'ws-map';
const fileOrder = (text: string) => [...text.matchAll(/^## (\S+)/gm)].map((m) => m[1]);

describe('symbolMap', () => {
  test('has the article\'s shape: header with counts per language, a block per file, items with lines', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const map = symbolMap(db, WS, { tokens: 1024 });
    const lines = map.text.split('\n');
    expect(lines[0]).toBe('# Symbol Map [Rust: 3 · TypeScript: 2 · Python: 1 · JavaScript: 1]');
    const at = lines.indexOf('## src-tauri/src/state.rs [Rust]');
    expect(at).toBe(1);
    expect(lines[at + 1]).toBe(
      'pub const MAX_HISTORY :3 · pub struct TerminalState :6 · impl TerminalState → [new, update, reset] :13 · ' +
        'pub trait Render → [render] :27 · impl Render for TerminalState → [render] :31 · pub enum Mode :37',
    );
    expect(map.text).toContain('## src-tauri/src/commands/mod.rs [Rust]\nregister_commands(...) :3 · execute_command(...) :7');
    expect(map.text).toContain('## src/types.ts [TypeScript]\ninterface Props → [onClose] :1 · type UserId :6 · enum Color :8');
    expect(map.text).toContain('## scripts/models.py [Python]\nDEFAULT_ROLE :3 · class User → [__init__, display_name] :6 · load_users(...) :17');
    expect(map.files).toBe(7);
    expect(map.tokens).toBe(estimateTokens(map.text));
  });

  test('ranks files others depend on first, and files mentioned in the conversation above them', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const order = fileOrder(symbolMap(db, WS, { tokens: 1024 }).text);
    // state.rs is used by main.rs and commands; types.ts by App.tsx; util.js by nobody.
    expect(order.slice(0, 2)).toEqual(['src-tauri/src/state.rs', 'src/types.ts']);
    expect(order.indexOf('src/util.js')).toBeGreaterThan(order.indexOf('src-tauri/src/commands/mod.rs'));
    const mentioned = fileOrder(symbolMap(db, WS, { tokens: 1024, mentioned: ['models.py'] }).text);
    expect(mentioned[0]).toBe('scripts/models.py');
    expect(mentioned[1]).toBe('src-tauri/src/state.rs');
  });

  test('a hub used by many files outranks leaves in a larger project', async () => {
    const files: Record<string, string> = { 'pkg/core.py': 'def shared_helper(x):\n    return x\n\nclass CoreEngine:\n    pass\n' };
    for (let i = 0; i < 12; i++) files[`pkg/leaf_${i}.py`] = `from pkg.core import shared_helper, CoreEngine\n\ndef leaf_${i}():\n    return shared_helper(CoreEngine())\n`;
    const { root, db } = project(files);
    await indexWorkspace(db, WS, root);
    expect(fileOrder(symbolMap(db, WS, { tokens: 2000 }).text)[0]).toBe('pkg/core.py');
  });

  test('is cut to the token budget, keeping the best-ranked items', async () => {
    const { root, db } = project(MIXED);
    await indexWorkspace(db, WS, root);
    const full = symbolMap(db, WS, { tokens: 1024 });
    let previous = full.tokens;
    for (const budget of [200, 100, 60]) {
      const m = symbolMap(db, WS, { tokens: budget });
      expect(m.tokens).toBeLessThanOrEqual(budget);
      expect(m.tokens).toBe(estimateTokens(m.text));
      expect(m.tokens).toBeLessThanOrEqual(previous);
      expect(m.text.startsWith('# Symbol Map [Rust: 3')).toBe(true);
      previous = m.tokens;
    }
    const tight = symbolMap(db, WS, { tokens: 60 });
    expect(fileOrder(tight.text)).toEqual(['src-tauri/src/state.rs']);
    expect(tight.text).toContain('impl TerminalState → [new, update, reset] :13');
    expect(symbolMap(db, WS, { tokens: 0 })).toEqual({ text: '', files: 0, tokens: 0 });
    expect(symbolMap(db, WS, { tokens: 5 }).text).toBe('');
  });

  test('an empty or unknown workspace gives an empty map', async () => {
    const { db } = project({});
    expect(symbolMap(db, 'nothing', { tokens: 1024 })).toEqual({ text: '', files: 0, tokens: 0 });
  });
});
