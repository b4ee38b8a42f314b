// Fit tool output into the model's budget without hiding what matters. The
// article's lesson: output cut at the top hid the compiler error, so the model
// could not fix what it could not see. We keep the head, the TAIL (where
// compilers and test runners print their verdict) and every error-looking line.

export const CHARS_PER_TOKEN = 4;

// `file.ext:line` only from the start of a path-character run (the lookbehind):
// trying every position inside a long run was quadratic on one long line.
const ERROR_RE =
  /\b(error|errors|failed|failure|fatal|panic|panicked|exception|traceback|segmentation fault|undefined reference|cannot find|not found)\b|\w(Error|Exception)\b|error\[E\d+\]|FAILED|^\s*-->\s|(?<![\w./\\-])[\w./\\-]+\.\w+:\d+(:\d+)?|\bE\d{4}\b|✗|✕/i;
const WARNING_RE = /\bwarning\b|\bwarn\b|deprecated/i;

export const looksLikeError = (line: string) => ERROR_RE.test(line);
export const looksLikeWarning = (line: string) => WARNING_RE.test(line);

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** Shorten one very long line (minified code, progress bars) keeping both ends. */
export function clipLine(line: string, max: number): string {
  if (line.length <= max) return line;
  const keep = Math.max(10, Math.floor((max - 30) / 2));
  return `${line.slice(0, keep)} …[${line.length - 2 * keep} chars cut]… ${line.slice(-keep)}`;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface FitOptions {
  /** Said in every cut note: where the rest can be had. */
  hint?: string;
}

/**
 * Fit `text` into `maxTokens`: head (~20%), tail (~45%, grows with what is
 * left) and error lines with a few lines of context in between; warnings only
 * if room remains. Every gap gets a note saying how much was cut.
 */
export function fitText(text: string, maxTokens: number, opts: FitOptions = {}): string {
  const budget = Math.max(400, Math.floor(maxTokens * CHARS_PER_TOKEN));
  if (text.length <= budget) return text;
  const hint = opts.hint ?? 'full output in the UI';
  const noteCost = hint.length + 48;
  const lines = splitLines(text).map((l) => clipLine(l, Math.max(120, Math.floor(budget / 6))));
  const n = lines.length;
  const keep = new Uint8Array(n);
  let used = noteCost; // at least one gap
  const add = (i: number) => {
    keep[i] = 1;
    used += lines[i].length + 1;
  };
  const fits = (i: number, limit: number) => used + lines[i].length + 1 <= limit;

  // Tail first: the verdict must survive even when the head is huge.
  let tailStart = n;
  while (tailStart > 0 && fits(tailStart - 1, noteCost + budget * 0.45)) add(--tailStart);
  if (tailStart === n) {
    // One enormous last line: show its end.
    lines[n - 1] = clipLine(lines[n - 1], Math.floor(budget * 0.45));
    add(--tailStart);
  }
  let headEnd = 0;
  const headLimit = used + budget * 0.2;
  while (headEnd < tailStart && fits(headEnd, headLimit)) add(headEnd++);

  // Error lines (then warnings) between head and tail, each block costing a note.
  for (const re of [ERROR_RE, WARNING_RE]) {
    for (let i = headEnd; i < tailStart; i++) {
      if (keep[i] || !re.test(lines[i])) continue;
      // Context after an error (rustc: --> file:line, the source line, the caret), up to a blank line.
      const block = [i];
      for (let j = i + 1; j < Math.min(i + 6, tailStart) && !keep[j] && lines[j].trim() !== ''; j++) block.push(j);
      const note = keep[i - 1] ? 0 : noteCost; // a new block may split a gap in two
      const cost = (b: number[]) => b.reduce((c, j) => c + lines[j].length + 1, note);
      const fitting = used + cost(block) <= budget ? block : used + cost([i]) <= budget ? [i] : null;
      if (!fitting) continue;
      used += note;
      fitting.forEach(add);
    }
  }
  // Leftover budget grows the tail.
  while (tailStart > headEnd && !keep[tailStart - 1] && fits(tailStart - 1, budget)) add(--tailStart);

  const out: string[] = [];
  for (let i = 0; i < n; ) {
    if (keep[i]) {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    let bytes = 0;
    while (j < n && !keep[j]) bytes += lines[j++].length + 1;
    out.push(`[… ${(j - i).toLocaleString('en-US')} lines (${formatBytes(bytes)}) cut; ${hint} …]`);
    i = j;
  }
  return out.join('\n');
}

/**
 * Whole lines from the start that fit `maxChars` (for reading files, where
 * the top matters and the model can ask for the next range).
 */
export function fitHead(lines: string[], maxChars: number): { text: string; count: number } {
  const max = Math.max(120, Math.floor(maxChars / 6));
  const out: string[] = [];
  let used = 0;
  for (const raw of lines) {
    const line = clipLine(raw, max);
    if (out.length && used + line.length + 1 > maxChars) break;
    out.push(line);
    used += line.length + 1;
  }
  return { text: out.join('\n'), count: out.length };
}
