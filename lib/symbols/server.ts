// The symbol index as the app uses it: index runs, re-indexing what a tool
// wrote, the Symbol Map for a prompt, and what the Index page shows. The
// indexers themselves are the app's (app.symbols, lib/symbols/indexers.ts).
import type { App } from '../ports';
import type { ReindexResult } from './indexer';
import { indexLimits, type IndexerStatus, type WorkspaceIndexer } from './indexers';
import { languageStats, type LanguageCount } from './summary';
import { symbolMap, type SymbolMap } from './map';

function indexerFor(app: App, workspace: { id: string; path: string }): WorkspaceIndexer {
  return app.symbols.for(app.db, workspace, indexLimits(app.config(workspace.path).values));
}

/**
 * Start (or join) a full index as a run of kind 'index': progress events
 * stream over GET /api/runs/:id/events. Returns the run id.
 */
export function startSymbolIndexRun(app: App, workspace: { id: string; path: string }): string {
  const ix = indexerFor(app, workspace);
  return app.indexRuns.start({ kind: 'symbols', workspaceId: workspace.id, input: `index ${workspace.path}`, join: true }, async (ctx) => {
    let last = 0;
    const s = await ix.index({
      signal: ctx.signal,
      onProgress: (p) => {
        // Throttled: progress events are persisted like every other event.
        if (p.phase !== 'done' && Date.now() - last < 200) return;
        last = Date.now();
        ctx.emit({ type: 'progress', label: p.phase === 'walk' ? 'Scanning files' : 'Indexing symbols', done: p.done, total: p.total });
      },
    });
    const langs = s.languages.map((l) => `${l.display} ${l.files}`).join(', ');
    return `Indexed ${s.files} files, ${s.symbols} symbols (${langs || 'no supported files'}); ${s.parsed} parsed, ${s.unchanged} unchanged, ${s.removed} removed, ${s.errorCount} with errors, in ${s.durationMs} ms.`;
  });
}

/** For chat.ts: re-index files a tool wrote (ToolEnv.onFilesChanged). Never throws. */
export function onFilesChanged(app: App, workspace: { id: string; path: string }, paths: string[]): Promise<ReindexResult | null> {
  return indexerFor(app, workspace).filesChanged(paths).catch((e) => {
    console.warn('[symbols] re-index failed', e);
    return null;
  });
}

/**
 * For the system prompt: the Symbol Map of a workspace within `tokens`
 * (config symbol_map_tokens). Brings the index up to date first (incremental:
 * ~10 ms for 500 unchanged files), waiting at most `waitMs`; a first index of
 * a big workspace goes on in the background and the map shows what is
 * indexed so far (files are stored in batches as they are parsed).
 */
export async function symbolMapForPrompt(
  app: App, workspace: { id: string; path: string }, opts: { tokens?: number; mentioned?: string[]; waitMs?: number } = {},
): Promise<SymbolMap> {
  const tokens = opts.tokens ?? app.config(workspace.path).values.symbol_map_tokens;
  if (tokens <= 0) return { text: '', files: 0, tokens: 0 };
  const refresh = indexerFor(app, workspace).index().catch((e) => console.warn('[symbols] indexing failed', e));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([refresh, new Promise((r) => (timer = setTimeout(r, opts.waitMs ?? 3000)))]);
  clearTimeout(timer);
  return symbolMap(app.db, workspace.id, { tokens, mentioned: opts.mentioned });
}

export interface IndexStatus extends IndexerStatus {
  /** The run streaming progress events, when started through startSymbolIndexRun. */
  runId: string | null;
}

export function indexStatus(app: App, workspace: { id: string; path: string }): IndexStatus {
  return { ...indexerFor(app, workspace).status(), runId: app.indexRuns.active('symbols', workspace.id) };
}

export interface IndexOverview extends IndexStatus {
  workspace: { id: string; path: string };
  /** Live counts (files re-indexed after the last run included). */
  files: number;
  symbols: number;
  languages: LanguageCount[];
}

/** Everything the index page shows about a workspace. */
export function indexOverview(app: App, workspace: { id: string; path: string }): IndexOverview {
  const stats = languageStats(app.db, workspace.id);
  return { workspace: { id: workspace.id, path: workspace.path }, ...indexStatus(app, workspace), ...stats };
}
