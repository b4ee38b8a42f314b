// A few lines of a workspace file around a symbol, for the index page's
// search results. Confined to the workspace like the file tools.
import { promises as fs } from 'node:fs';
import { WorkspaceError, resolveInWorkspace } from '../tools/workspace';

export interface SourceSnippet {
  path: string;
  /** 1-based line of the first line in `lines`. */
  start: number;
  lines: string[];
  totalLines: number;
}

const MAX_LINES = 60;
const CONTEXT = 3;

export async function sourceSnippet(root: string, rel: string, line: number, endLine = line): Promise<SourceSnippet> {
  const target = await resolveInWorkspace(root, rel).catch((e) => {
    throw e instanceof WorkspaceError ? Object.assign(e, { status: 400 }) : e;
  });
  if (!target.exists) throw Object.assign(new Error(`${rel} no longer exists; re-index the workspace.`), { status: 404 });
  const text = await fs.readFile(target.abs, 'utf8');
  const all = text.split('\n');
  const start = Math.max(1, line - CONTEXT);
  const end = Math.min(all.length, Math.max(endLine, line) + CONTEXT, start + MAX_LINES - 1);
  return { path: target.rel, start, lines: all.slice(start - 1, end), totalLines: all.length };
}
