// A failing command that names a missing file ("can't open file 'calc.py'",
// "cat: foo.txt: No such file or directory", "Cannot find module './x.js'")
// gets the same did-you-mean the file tools give. Lines are split into tokens
// with a linear scan and checked with anchored, bounded patterns: no regex
// here can backtrack on a long line.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { notFoundMessage } from './workspace';
import type { ToolResult } from './types';

const MARKERS = ['no such file or directory', "can't open file", 'cannot open file', 'cannot find', 'could not find', "couldn't read", 'cannot access', 'not found', 'does not exist'];
const MAX_LINE = 2000;
const MAX_HINTS = 3;
/** A file-ish token: path characters only, with a slash or a file extension. */
const PATHISH = /^[\w@+~.\/-]{1,400}$/;
const EXTENSION = /\.[A-Za-z][A-Za-z0-9]{0,9}$/;

/** Tokens of a line, split at blanks and quotes (', ", `), with edge punctuation trimmed. */
function tokens(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (ch === ' ' || ch === '\t' || ch === "'" || ch === '"' || ch === '`') {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out.map(trimEdges).filter(Boolean);
}

function trimEdges(t: string): string {
  let a = 0;
  let b = t.length;
  while (a < b && '([{<'.includes(t[a])) a++;
  while (b > a && ':,;)]}>'.includes(t[b - 1])) b--;
  // A sentence's full stop, not an extension: "not found: x.py." -> "x.py"
  if (b > a && t[b - 1] === '.' && b - a > 1) b--;
  return t.slice(a, b);
}

const looksLikePath = (t: string) =>
  PATHISH.test(t) && !t.startsWith('-') && !t.includes('://') && (t.includes('/') || EXTENSION.test(t)) && !/^\.+\/?$/.test(t);

/** Paths the output of a failed command says are missing, as written (up to a few). */
export function missingPathCandidates(output: string): string[] {
  const found: string[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.slice(0, MAX_LINE);
    const lower = line.toLowerCase();
    if (!MARKERS.some((m) => lower.includes(m))) continue;
    for (const t of tokens(line)) if (looksLikePath(t) && !found.includes(t)) found.push(t);
    if (found.length >= MAX_HINTS * 3) break;
  }
  return found;
}

/** Workspace-relative form of a path from the output, or null when it is outside the workspace. */
function inWorkspace(workspace: string, p: string): string | null {
  if (p.startsWith('~')) return null;
  const abs = path.resolve(workspace, p);
  const rel = path.relative(workspace, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : null;
}

/** The did-you-mean lines for the missing paths a failed command named; '' when there are none. */
export async function missingPathHints(workspace: string, output: string): Promise<string> {
  const hints: string[] = [];
  for (const candidate of missingPathCandidates(output)) {
    if (hints.length >= MAX_HINTS) break;
    const rel = inWorkspace(workspace, candidate);
    if (!rel) continue;
    const exists = await fs.stat(path.join(workspace, rel)).then(() => true, () => false);
    if (exists) continue;
    hints.push(await notFoundMessage(workspace, rel));
  }
  return hints.join('\n');
}

/** A failed run_shell result with did-you-mean lines appended for paths it could not find. */
export async function withMissingPathHints(workspace: string, result: ToolResult): Promise<ToolResult> {
  if (result.ok) return result;
  const hints = await missingPathHints(workspace, result.content).catch(() => '');
  return hints ? { ...result, content: `${result.content}\n${hints}` } : result;
}
