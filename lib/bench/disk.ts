// Figures read from the generated workspace itself: files, lines, and
// syntax errors (files whose tree-sitter parse has error nodes).
import fs from 'node:fs';
import path from 'node:path';
import { syntaxErrorCount } from '../tools/syntax';
import type { FileFigure } from './types';

const SKIP = new Set(['__pycache__', '.git', 'node_modules', '.pytest_cache', '.venv', 'venv']);

function walk(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(root, p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

import { countLines } from '../text';

export { countLines };

/** Tree-sitter error and missing nodes in one file; 0 for languages we cannot parse (shared with the edit tools). */
export const syntaxErrors = syntaxErrorCount;

/** Text files in the workspace (binary files and databases are skipped). */
export async function workspaceFiles(workspace: string): Promise<FileFigure[]> {
  const out: FileFigure[] = [];
  for (const rel of walk(workspace)) {
    const buf = fs.readFileSync(path.join(workspace, rel));
    if (buf.includes(0)) continue;
    const text = buf.toString('utf8');
    out.push({ path: rel, lines: countLines(text), syntaxErrors: await syntaxErrors(rel, text) });
  }
  return out;
}
