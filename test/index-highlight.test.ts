// Snippet highlighting keeps one entry per source line, with a construct that
// spans lines (a block comment) coloured on each of them.
import { describe, expect, it } from 'vitest';
import { highlightLines } from '../components/index/highlight';

describe('snippet highlighting', () => {
  it('splits highlight.js output into the snippet\'s lines', () => {
    const lines = ['/* a', '   b */', 'pub fn go() -> u8 { 1 }'];
    const out = highlightLines(lines, 'src/lib.rs');
    expect(out).toHaveLength(3);
    expect(out.map((l) => l.map((t) => t.text).join(''))).toEqual(lines);
    expect(out[1]![0]!.className).toContain('hljs-comment');
    expect(out[2]!.find((t) => t.text === 'pub')?.className).toBe('hljs-keyword');
  });

  it('leaves unknown languages as plain text', () => {
    expect(highlightLines(['x = 1'], 'notes.unknown')).toEqual([[{ text: 'x = 1', className: '' }]]);
  });
});
