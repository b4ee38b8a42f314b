import { describe, expect, it } from 'vitest';
import { canonicalJson, LOOP_BREAK_MESSAGE, LoopGuard } from '../../lib/llm/loop-guard';

describe('LoopGuard', () => {
  it('breaks on the third identical call in a row', () => {
    const g = new LoopGuard();
    expect(g.record('read_file', { path: 'src/ns.rs' })).toEqual({ repeated: 1, broken: false });
    expect(g.record('read_file', { path: 'src/ns.rs' })).toEqual({ repeated: 2, broken: false });
    expect(g.record('read_file', { path: 'src/ns.rs' })).toEqual({ repeated: 3, broken: true });
    expect(g.record('read_file', { path: 'src/ns.rs' })).toEqual({ repeated: 4, broken: true });
  });

  it('ignores key order and catches ping-pong within the run', () => {
    const g = new LoopGuard();
    const a = { command: 'cargo build', timeout: 60 };
    g.record('run_shell', a);
    g.record('read_file', { path: 'src/main.rs' });
    g.record('run_shell', { timeout: 60, command: 'cargo build' });
    g.record('read_file', { path: 'src/main.rs' });
    expect(g.record('run_shell', a)).toEqual({ repeated: 3, broken: true });
  });

  it('tells different tools or arguments apart', () => {
    const g = new LoopGuard(2);
    expect(g.record('read_file', { path: 'a.py' }).broken).toBe(false);
    expect(g.record('read_file', { path: 'b.py' }).broken).toBe(false);
    expect(g.record('list_files', { path: 'a.py' }).broken).toBe(false);
    expect(g.record('read_file', { path: 'a.py' })).toEqual({ repeated: 2, broken: true });
  });

  it('forgets after progress: rebuilding after an edit is not a loop', () => {
    const g = new LoopGuard();
    g.record('run_shell', { command: 'cargo build' });
    g.record('run_shell', { command: 'cargo build' });
    g.progress();
    expect(g.record('run_shell', { command: 'cargo build' })).toEqual({ repeated: 1, broken: false });
  });

  it('treats missing and empty arguments alike', () => {
    const g = new LoopGuard(2);
    g.record('list_files', undefined);
    expect(g.record('list_files', {}).broken).toBe(true);
  });

  it('says what happened and asks for a different approach', () => {
    const msg = LOOP_BREAK_MESSAGE('edit_file');
    expect(msg).toContain('edit_file');
    expect(msg).toMatch(/same arguments/);
    expect(msg).toMatch(/approach/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });
});
