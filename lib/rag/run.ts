// Embedding part of a workspace as an index run (lib/runs/index-runs.ts).
import type { App } from '../ports';
import { indexPath } from './indexer';
import type { IndexSummary } from './types';

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function summaryText(s: IndexSummary): string {
  const skipped = Object.entries(s.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k === 'notUtf8' ? 'not UTF-8' : k === 'tooLarge' ? 'too large' : k}`);
  return (
    `Indexed ${plural(s.files, 'file')}: ${plural(s.chunks, 'chunk')} ` +
    `(${s.embedded} embedded in ${plural(s.embedCalls, 'call')}, ${s.skippedUnchanged} unchanged)` +
    `${s.removed ? `, ${s.removed} removed` : ''}${skipped.length ? `; skipped ${skipped.join(', ')}` : ''}, in ${(s.durationMs / 1000).toFixed(1)} s.`
  );
}

export interface EmbedRunOptions {
  workspace: { id: string; path: string };
  /** Workspace-relative folder or file, e.g. 'src/'. */
  path: string;
  sessionId?: string | null;
}

/** Start embedding as a run; returns its id. The run fails with the indexer's message (Chroma down, model not pulled, busy, ...). */
export function startEmbedRun(app: App, opts: EmbedRunOptions): string {
  const { workspace } = opts;
  const config = app.config(workspace.path).values;
  return app.indexRuns.start(
    { kind: 'embeddings', workspaceId: workspace.id, input: `/index ${opts.path}`, sessionId: opts.sessionId },
    async (ctx) => {
      const s = await indexPath({
        config, dataDir: app.dataDir, chroma: app.chroma, workspaceId: workspace.id, root: workspace.path, path: opts.path, signal: ctx.signal,
        onProgress: (p) => ctx.emit({ type: 'progress', label: p.label, done: p.done, total: p.total }),
      });
      return summaryText(s);
    },
  );
}
