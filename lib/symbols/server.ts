// The running server's side of the index: one in-process indexer per
// workspace that serialises full runs and per-file updates, so a file a tool
// just wrote is re-indexed at once without racing a full run.
import type { App } from '../app';
import type { Config } from '../config/schema';
import type { Db } from '../db';
import { indexWorkspace, reindexFiles, type IndexOptions, type IndexProgress, type ReindexResult } from './indexer';
import { isIndexed } from './query';
import { languageStats, lastSummary, type IndexSummary, type LanguageCount } from './summary';
import { symbolMap, type SymbolMap } from './map';

export interface IndexerStatus {
  running: boolean;
  /** The run streaming progress events, when started through startIndexRun. */
  runId: string | null;
  progress: IndexProgress | null;
  last: IndexSummary | null;
}

/** The size caps a workspace's index runs under (from config: index_max_file_bytes, index_max_files). */
export type IndexLimits = Pick<IndexOptions, 'maxFileBytes' | 'maxFiles'>;

export function indexLimits(config: Pick<Config, 'index_max_file_bytes' | 'index_max_files'>): IndexLimits {
  return { maxFileBytes: config.index_max_file_bytes, maxFiles: config.index_max_files };
}

export class WorkspaceIndexer {
  private full: Promise<IndexSummary> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private progress: IndexProgress | null = null;
  private listeners = new Set<(p: IndexProgress) => void>();
  runId: string | null = null;

  constructor(readonly db: Db, readonly workspaceId: string, readonly root: string, public limits: IndexLimits = {}) {}

  /** Index the whole workspace (incremental); a second caller joins the run in flight. */
  index(opts: { onProgress?: (p: IndexProgress) => void; signal?: AbortSignal } = {}): Promise<IndexSummary> {
    const listener = opts.onProgress;
    if (listener) this.listeners.add(listener);
    if (this.full) return this.full.finally(() => listener && this.listeners.delete(listener));
    const run = this.queue.then(() =>
      indexWorkspace(this.db, this.workspaceId, this.root, {
        ...this.limits,
        signal: opts.signal,
        onProgress: (p) => {
          this.progress = p;
          for (const l of this.listeners) l(p);
        },
      }),
    );
    this.full = run;
    this.queue = run.catch(() => undefined).finally(() => {
      this.full = null;
      this.progress = null;
      this.runId = null;
      this.listeners.clear();
    });
    return run;
  }

  /** Index once if this workspace never was; otherwise return at once. */
  async ensureIndexed(): Promise<void> {
    if (!isIndexed(this.db, this.workspaceId)) await this.index();
  }

  /** Re-index these workspace-relative paths now (after any run in flight). */
  filesChanged(paths: string[]): Promise<ReindexResult> {
    const run = this.queue.then(() => reindexFiles(this.db, this.workspaceId, this.root, paths, this.limits));
    this.queue = run.catch(() => undefined);
    return run;
  }

  status(): IndexerStatus {
    return { running: !!this.full, runId: this.runId, progress: this.progress, last: lastSummary(this.db, this.workspaceId) };
  }
}

const KEY = Symbol.for('code-assistant.symbol-indexers');
type G = typeof globalThis & { [KEY]?: Map<string, WorkspaceIndexer> };

/** The one indexer of a workspace in this process (kept on globalThis: Next bundles routes separately). */
export function workspaceIndexer(db: Db, workspace: { id: string; path: string }, limits?: IndexLimits): WorkspaceIndexer {
  const g = globalThis as G;
  const all = (g[KEY] ??= new Map());
  let ix = all.get(workspace.id);
  if (!ix || ix.db !== db || ix.root !== workspace.path) all.set(workspace.id, (ix = new WorkspaceIndexer(db, workspace.id, workspace.path)));
  if (limits) ix.limits = limits;
  return ix;
}

function indexerFor(app: App, workspace: { id: string; path: string }): WorkspaceIndexer {
  return workspaceIndexer(app.db, workspace, indexLimits(app.config(workspace.path).values));
}

/**
 * Start (or join) a full index as a run of kind 'index': progress events
 * stream over GET /api/runs/:id/events. Returns the run id.
 */
export function startIndexRun(app: App, workspace: { id: string; path: string }): string {
  const ix = indexerFor(app, workspace);
  if (ix.runId && ix.status().running) return ix.runId;
  const runId = app.runs.start({ kind: 'index', input: `index ${workspace.path}`, workspaceId: workspace.id }, async (ctx) => {
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
  ix.runId = runId;
  return runId;
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

export function indexStatus(app: App, workspace: { id: string; path: string }): IndexerStatus {
  return indexerFor(app, workspace).status();
}

export interface IndexOverview extends IndexerStatus {
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
