import { describe, it, expect } from 'vitest';
import { fitText, fitHead, clipLine, looksLikeError, formatBytes, CHARS_PER_TOKEN } from '../../lib/tools/output';

const noise = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `   Compiling dep-${from + i} v0.1.${i} (registry)`);

describe('fitText', () => {
  it('returns short text unchanged', () => {
    expect(fitText('hello\nworld\n', 100)).toBe('hello\nworld\n');
  });

  it('keeps head, tail and a buried compiler error within the budget', () => {
    const lines = [
      'cargo build starting',
      ...noise(2500),
      'error[E0425]: cannot find value `qtype` in this scope',
      '  --> src/commands/nslookup.rs:42:17',
      '   |',
      ...noise(2500, 2500),
      'error: could not compile `nettools` (bin "nettools") due to 1 previous error',
    ];
    const text = lines.join('\n');
    const out = fitText(text, 1000);
    expect(out.length).toBeLessThanOrEqual(1000 * CHARS_PER_TOKEN);
    expect(out.startsWith('cargo build starting\n')).toBe(true);
    expect(out).toContain('error[E0425]: cannot find value `qtype` in this scope');
    expect(out).toContain('--> src/commands/nslookup.rs:42:17');
    expect(out.endsWith('due to 1 previous error')).toBe(true);
    expect(out).toMatch(/\[… [\d,]+ lines \([\d.]+ KB\) cut; full output in the UI …\]/);
  });

  it('says exactly how many lines each gap cut', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const out = fitText(lines.join('\n'), 200);
    const kept = out.split('\n').filter((l) => /^line \d+$/.test(l)).length;
    const cut = [...out.matchAll(/\[… ([\d,]+) lines/g)].reduce((s, m) => s + Number(m[1].replace(/,/g, '')), 0);
    expect(kept + cut).toBe(1000);
    expect(out).toContain('line 999');
    expect(out).toContain('line 0');
  });

  it('prefers errors over warnings when space is short', () => {
    const lines = [
      ...noise(500),
      ...Array.from({ length: 200 }, (_, i) => `warning: unused variable \`x${i}\``),
      'thread main panicked at src/main.rs:10:5',
      ...noise(500, 500),
    ];
    const out = fitText(lines.join('\n'), 300);
    expect(out).toContain('panicked at src/main.rs:10:5');
    expect(out.length).toBeLessThanOrEqual(300 * CHARS_PER_TOKEN);
  });

  it('keeps the end of one enormous last line', () => {
    const text = `start\n${'x'.repeat(100_000)}FINAL_VERDICT`;
    const out = fitText(text, 500);
    expect(out.length).toBeLessThanOrEqual(500 * CHARS_PER_TOKEN);
    expect(out.endsWith('FINAL_VERDICT')).toBe(true);
  });

  it('uses the given hint in cut notes', () => {
    const out = fitText(noise(2000).join('\n'), 200, { hint: 'read a range to see more' });
    expect(out).toContain('read a range to see more');
  });
});

describe('helpers', () => {
  it('recognises error-looking lines', () => {
    for (const l of ['error: linking failed', 'Error: boom', 'ERROR in ./src', 'Traceback (most recent call last):', 'FAILED tests/x.py::test_a', "thread 'main' panicked", 'src/a.ts:3:9 - TS2304', 'error[E0599]: no method', 'java.lang.NullPointerException', 'TypeError: x is undefined', 'ModuleNotFoundError: foo'])
      expect(looksLikeError(l), l).toBe(true);
    for (const l of ['   Compiling serde v1.0', 'Finished dev profile', 'ok'])
      expect(looksLikeError(l), l).toBe(false);
  });

  it('clipLine keeps both ends', () => {
    const c = clipLine(`BEGIN${'m'.repeat(1000)}END`, 100);
    expect(c.length).toBeLessThanOrEqual(110);
    expect(c.startsWith('BEGIN')).toBe(true);
    expect(c.endsWith('END')).toBe(true);
    expect(c).toMatch(/chars cut/);
  });

  it('fitHead takes whole lines from the top', () => {
    const r = fitHead(['aaaa', 'bbbb', 'cccc'], 10);
    expect(r).toEqual({ text: 'aaaa\nbbbb', count: 2 });
  });

  it('formats sizes', () => {
    expect(formatBytes(500)).toBe('500 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });
});
