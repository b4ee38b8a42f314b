// After write_file and edit_file the file is parsed with its real tree-sitter
// grammar; a change that adds syntax errors says where in the tool result.
import { describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { syntaxFeedback, syntaxProblems } from '../../lib/tools/syntax';
import { makeCtx, makeWorkspace } from './helpers';

const CALC = 'import sys\n\n\ndef add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n';

describe('syntax feedback after an edit', () => {
  it('Python: a broken edit_file names the line, the token and the lines around it', async () => {
    const ws = await makeWorkspace({ 'calc.py': CALC });
    const r = await runTool('edit_file', { path: 'calc.py', old_string: 'def sub(a, b):', new_string: 'def sub(a, b:' }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.syntaxErrors).toBeGreaterThan(0);
    expect(r.content).toMatch(/This change left calc\.py with \d+ new syntax errors/);
    expect(r.content).toContain('calc.py:8: syntax error near "def"');
    expect(r.content).toContain('>    8 | def sub(a, b:');
    expect(r.content).toContain('     9 |     return a - b');
  });

  it('Python: an ERROR node is reported near its first token', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', { path: 'app.py', content: 'x = (1,\n\ndef h():\n    pass\n' }, makeCtx(ws));
    expect(r.syntaxErrors).toBeGreaterThan(0);
    expect(r.content).toContain('app.py:3: syntax error near "def"');
  });

  it('TypeScript: an unclosed block in write_file is reported', async () => {
    const ws = await makeWorkspace();
    const content = 'export function f(x: number) {\n  if (x > 1) {\n    return x;\n}\n';
    const r = await runTool('write_file', { path: 'src/f.ts', content }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.content).toMatch(/src\/f\.ts:4: syntax error missing "\}"/);
    expect(r.syntaxErrors).toBe(1);
  });

  it('Rust: a missing semicolon in edit_file is reported', async () => {
    const ws = await makeWorkspace({ 'src/main.rs': 'fn main() {\n    let x = 1;\n    println!("{}", x);\n}\n' });
    const r = await runTool('edit_file', { path: 'src/main.rs', old_string: 'let x = 1;', new_string: 'let x = 1' }, makeCtx(ws));
    expect(r.content).toMatch(/src\/main\.rs:2: syntax error near "1"/);
    expect(r.content).toContain('>    2 |     let x = 1');
    expect(r.syntaxErrors).toBe(1);
  });

  it('says nothing about a fine edit, in all three languages', async () => {
    const ws = await makeWorkspace({ 'calc.py': CALC, 'a.ts': 'export const a = 1;\n', 'lib.rs': 'pub fn a() -> i32 {\n    1\n}\n' });
    const ctx = makeCtx(ws);
    const results = [
      await runTool('edit_file', { path: 'calc.py', old_string: 'return a - b', new_string: 'return a - b - 0' }, ctx),
      await runTool('write_file', { path: 'a.ts', content: 'export const a: number = 2;\n' }, ctx),
      await runTool('edit_file', { path: 'lib.rs', old_string: '    1\n', new_string: '    2\n' }, ctx),
    ];
    for (const r of results) {
      expect(r.ok).toBe(true);
      expect(r.content).not.toContain('syntax error');
      expect(r.syntaxErrors).toBeUndefined();
    }
  });

  it('says nothing new when a file that was broken stays as broken', async () => {
    const broken = 'def f(:\n    return 1\n\n\ndef g():\n    return 2\n';
    const ws = await makeWorkspace({ 'b.py': broken, 'b.rs': 'fn a() {\n    let x = 1\n    x\n}\nfn b() {}\n' });
    const ctx = makeCtx(ws);
    const py = await runTool('edit_file', { path: 'b.py', old_string: 'return 2', new_string: 'return 3' }, ctx);
    const rs = await runTool('edit_file', { path: 'b.rs', old_string: 'fn b() {}', new_string: 'fn b() -> u8 { 0 }' }, ctx);
    for (const r of [py, rs]) {
      expect(r.ok).toBe(true);
      expect(r.content).not.toContain('syntax error');
      expect(r.syntaxErrors).toBeUndefined();
    }
  });

  it('reports only the new error in a file that was already broken elsewhere', async () => {
    const before = 'def f(:\n    return 1\n\n\ndef g():\n    return 2\n';
    const fb = await syntaxFeedback('b.py', before, before.replace('def g():', 'def g(:'));
    expect(fb?.added).toBe(1);
    expect(fb?.message).toContain('b.py:5: syntax error');
    expect(fb?.message).not.toContain('b.py:1:');
  });

  it('leaves files without a grammar alone', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', { path: 'notes.md', content: '# (unclosed [\n' }, makeCtx(ws));
    expect(r.content).toBe('Created notes.md (1 line, +1 -0).');
    expect(await syntaxProblems('notes.md', '((')).toBeNull();
  });

  it('counts MISSING nodes as errors (the benchmark figure uses the same counter)', async () => {
    expect(await syntaxProblems('x.ts', 'function f() {\n  if (x) {\n    y();\n}\n')).toEqual([{ line: 4, what: 'missing "}"' }]);
    expect(await syntaxProblems('ok.rs', 'fn main() {}\n')).toEqual([]);
  });
});
