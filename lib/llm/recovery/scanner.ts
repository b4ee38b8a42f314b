// Finds where a JSON-ish value ends in free text, string-aware, so a call can
// be cut out of prose before anything tries to parse it.

export interface Scan {
  end: number;
  /** The opening bracket found its match. */
  closed: boolean;
  /** Input ended inside a string: the value was cut off mid-text. */
  inString: boolean;
  /** Brackets still open at the end of input, as the closers to append. */
  closers: string;
}

/**
 * Finds the end of the JSON-ish value opening at `start` (`{` or `[`),
 * respecting strings and escapes, so braces inside code strings do not count.
 * Single quotes and backticks open a string only where a JSON value or key can
 * start (after `{ [ , :`), so an apostrophe in unquoted junk is harmless.
 * `unclosed` collects the openings found never closed: scanning from them
 * again would run to the end again (quadratic on degenerate output).
 */
export function scanBalanced(text: string, start: number, unclosed?: Set<number>): Scan {
  const stack: number[] = [];
  let quote: string | null = null;
  let prev = '';
  const open = (inString: boolean): Scan => {
    for (const p of stack) unclosed?.add(p);
    const closers = stack.map((p) => (text[p] === '{' ? '}' : ']')).reverse().join('');
    return { end: text.length, closed: false, inString, closers };
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) {
        quote = null;
        prev = c;
      }
      continue;
    }
    if (c === '"' && text.startsWith('"""', i)) {
      // Python-style triple-quoted code: skip to its end as one string.
      const close = text.indexOf('"""', i + 3);
      if (close < 0) return open(true);
      i = close + 2;
      prev = '"';
      continue;
    }
    if (c === '"' || ((c === "'" || c === '`') && '{[,:'.includes(prev))) {
      quote = c;
      continue;
    }
    if (c === '{' || c === '[') stack.push(i);
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return { end: i + 1, closed: true, inString: false, closers: '' };
    }
    if (c > ' ') prev = c;
  }
  return open(quote !== null);
}
