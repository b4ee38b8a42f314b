// Indexing as a run of kind 'index': detached from the HTTP request, Stop
// cancels it, and `progress` events let any page follow it over SSE.
import type { App } from '../app';
import { indexPath } from './indexer';
import type { IndexSummary } from './types';

const ACTIVE = Symbol.for('code-assistant.rag.runs');
const active = (): Map<string, string> => ((globalThis as Record<symbol, Map<string, string>>)[ACTIVE] ??= new Map());

/** The index run in progress for a workspace, if any (to re-attach after a page reload). */
export const activeIndexRun = (workspaceId: string): string | null => active().get(workspaceId) ?? null;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function summaryText(s: IndexSummary): string {
  const skipped = Object.entries(s.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k === 'notUtf8' ? 'not UTF-8' : k === 'tooLarge' ? 'too large' : k}`);
  return (
    `Indexed ${plural(s.files, 'file')}: ${plural(s.chunks, 'chunk')} ` +
    `(${s.embedded} embedded in ${plural(s.embedCalls, 'call')}, ${s.skippedUnchanged} unchanged)` +
    `${s.removed ? `, ${s.removed} removed` : ''}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}, in ${(s.durationMs / 1000).toFixed(1)} s.`
  );
}

export interface IndexRunOptions {
  workspace: { id: string; path: string };
  /** Workspace-relative folder or file, e.g. 'src/'. */
  path: string;
  sessionId?: string | null;
}

/** Start indexing as a run; returns its id. The run fails with the indexer's message (Chroma down, model not pulled, ...). */
export function startIndexRun(app: App, opts: IndexRunOptions): string {
  const { workspace } = opts;
  const config = app.config(workspace.path).values;
  const runId = app.runs.start(
    { kind: 'index', input: `/index ${opts.path}`, sessionId: opts.sessionId ?? null, workspaceId: workspace.id },
    async (ctx) => {
      try {
        const s = await indexPath({
          config, dataDir: app.dataDir, workspaceId: workspace.id, root: workspace.path, path: opts.path, signal: ctx.signal,
          onProgress: (p) => ctx.emit({ type: 'progress', label: p.label, done: p.done, total: p.total }),
        });
        return summaryText(s);
      } finally {
        if (active().get(workspace.id) === ctx.runId) active().delete(workspace.id);
      }
    },
  );
  active().set(workspace.id, runId);
  return runId;
}
