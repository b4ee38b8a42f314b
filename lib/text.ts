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
