// Small pure text helpers shared by server and browser code.

/** Lines in a text the way editors count them: a final newline ends a line, it does not start one. No copies made. */
export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** An Ollama model name with its tag: a bare `llama3` is `llama3:latest` (the tag is after the last `/`). */
export function withTag(model: string): string {
  const last = model.slice(model.lastIndexOf('/') + 1);
  return !model || last.includes(':') ? model : `${model}:latest`;
}

/** A duration for people: `40 ms`, `2.3 s`, `1 min 5 s` (never "0.0 s"). */
export function formatDuration(ms: number): string {
  if (ms < 100) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** A progress line's count, unless its label already says it (`136/136 files · …`). */
export function progressCount(label: string, done: number, total: number): string {
  if (total <= 0) return '';
  return new RegExp(`(^|\\D)${done}\\s*/\\s*${total}(\\D|$)`).test(label) ? '' : `${done} / ${total}`;
}
