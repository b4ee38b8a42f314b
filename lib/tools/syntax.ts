// Syntax feedback after an edit: the file is parsed with its tree-sitter
// grammar (the one the symbol index loads) and, when the change added ERROR or
// MISSING nodes, the model reads where at once instead of finding out when
// something runs. One counter for everyone: the benchmark's figures use it too.
import type { Node } from 'web-tree-sitter';
import { languageForPath } from '../symbols/languages';
import { loadLanguage } from '../symbols/parser';

export interface SyntaxProblem {
  /** 1-based. */
  line: number;
  /** `near "def"` or `missing ")"`. */
  what: string;
}

/** Bigger files are not parsed after an edit (a generated bundle, a data dump). */
const MAX_PARSE_CHARS = 2_000_000;
const MAX_REPORTED = 3;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The first token of a node: what a compiler would say the error is "near". */
function firstLeaf(n: Node): string {
  let cur: Node = n;
  while (cur.childCount > 0 && cur.firstChild) cur = cur.firstChild;
  const text = cur.text.trim() || n.text.trim();
  return clip(text.split(/\s/, 1)[0] ?? '', 30);
}

/**
 * ERROR and MISSING nodes of a file, in source order; null when its language
 * has no grammar here. Only subtrees that contain an error are walked.
 */
export async function syntaxProblems(file: string, content: string): Promise<SyntaxProblem[] | null> {
  const id = languageForPath(file);
  const lang = id && content.length <= MAX_PARSE_CHARS ? await loadLanguage(id) : null;
  if (!lang) return null;
  const tree = lang.parser.parse(content);
  if (!tree) return [{ line: 1, what: 'the file could not be parsed' }];
  try {
    const out: SyntaxProblem[] = [];
    const stack: Node[] = [tree.rootNode];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.isMissing) out.push({ line: n.startPosition.row + 1, what: `missing "${clip(n.type, 30)}"` });
      else if (n.type === 'ERROR') out.push({ line: n.startPosition.row + 1, what: `near "${firstLeaf(n)}"` });
      if (!n.hasError) continue;
      for (let i = n.childCount - 1; i >= 0; i--) {
        const c = n.child(i);
        if (c) stack.push(c);
      }
    }
    // A tree can say it has an error without a node we recognise; count it once.
    if (!out.length && tree.rootNode.hasError) out.push({ line: 1, what: 'somewhere in the file' });
    return out;
  } finally {
    tree.delete();
  }
}

/** Tree-sitter error and missing nodes in one file; 0 for languages we cannot parse. */
export async function syntaxErrorCount(file: string, content: string): Promise<number> {
  return (await syntaxProblems(file, content))?.length ?? 0;
}

export interface SyntaxFeedback {
  /** How many more problems the file has than before the change. */
  added: number;
  /** What the model reads, appended to the tool result. */
  message: string;
}

/**
 * What to tell the model when `after` has more syntax problems than `before`
 * (null: a new file). A file that was broken and stays as broken says nothing.
 */
export async function syntaxFeedback(file: string, before: string | null, after: string): Promise<SyntaxFeedback | null> {
  const now = await syntaxProblems(file, after);
  if (!now?.length) return null;
  const was = before === null ? [] : ((await syntaxProblems(file, before)) ?? []);
  const added = now.length - was.length;
  if (added <= 0) return null;
  // Prefer the problems that are new: same description on a line with the same text counts as old.
  const beforeLines = before?.split('\n') ?? [];
  const afterLines = after.split('\n');
  const seen = new Set(was.map((p) => `${p.what}\u0000${(beforeLines[p.line - 1] ?? '').trim()}`));
  const fresh = now.filter((p) => !seen.has(`${p.what}\u0000${(afterLines[p.line - 1] ?? '').trim()}`));
  const shown = (fresh.length ? fresh : now).slice(0, MAX_REPORTED);
  const blocks = shown.map((p) => `${file}:${p.line}: syntax error ${p.what}\n${around(afterLines, p.line)}`);
  const more = now.length > shown.length ? `\n(${now.length - shown.length} more syntax problem(s) in the file.)` : '';
  const head = `This change left ${file} with ${added === 1 ? 'a new syntax error' : `${added} new syntax errors`} (tree-sitter parse):`;
  return { added, message: `${head}\n${blocks.join('\n')}${more}\nFix it in your next step (edit_file), then continue.` };
}

/** The error line and one line either side, numbered as edit_file shows them. */
function around(lines: string[], line: number): string {
  const from = Math.max(1, line - 1);
  const to = Math.min(lines.length, line + 1);
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${i === line ? '>' : ' '}${String(i).padStart(5)} | ${clip(lines[i - 1] ?? '', 200)}`);
  return out.join('\n');
}
