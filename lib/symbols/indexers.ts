// The symbol index's long-lived state in the app: one indexer per workspace
// (it serialises full runs and per-file updates, so a file a tool just wrote
// is re-indexed at once without racing a full run) and the parse workers.
import type { Config } from '../config/schema';
import type { Db } from '../db';
import { indexWorkspace, reindexFiles, type IndexOptions, type IndexProgress, type ReindexResult } from './indexer';
import { ParsePool } from './pool';
import { isIndexed } from './query';
import { lastSummary, type IndexSummary } from './summary';

export interface IndexerStatus {
  running: boolean;
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

  constructor(readonly db: Db, readonly workspaceId: string, readonly root: string, public limits: IndexLimits = {}, private pool?: (size: number) => ParsePool) {}

  /** Index the whole workspace (incremental); a second caller joins the run in flight. */
  index(opts: { onProgress?: (p: IndexProgress) => void; signal?: AbortSignal } = {}): Promise<IndexSummary> {
    const listener = opts.onProgress;
    if (listener) this.listeners.add(listener);
    if (this.full) return this.full.finally(() => listener && this.listeners.delete(listener));
    const run = this.queue.then(() =>
      indexWorkspace(this.db, this.workspaceId, this.root, {
        ...this.limits,
        pool: this.pool,
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
    return { running: !!this.full, progress: this.progress, last: lastSummary(this.db, this.workspaceId) };
  }
}

/** A member of the app object (lib/app.ts): every workspace's indexer and the parse workers they share. */
export class SymbolIndexers {
  private all = new Map<string, WorkspaceIndexer>();
  private workers: ParsePool | null = null;

  /** The parse workers, started on first use (resized when asked for another size). */
  pool = (size: number): ParsePool => {
    if (!this.workers || this.workers.size !== size) {
      this.workers?.close();
      this.workers = new ParsePool(size);
    }
    return this.workers;
  };

  /** The one indexer of a workspace. */
  for(db: Db, workspace: { id: string; path: string }, limits?: IndexLimits): WorkspaceIndexer {
    let ix = this.all.get(workspace.id);
    if (!ix || ix.db !== db || ix.root !== workspace.path) this.all.set(workspace.id, (ix = new WorkspaceIndexer(db, workspace.id, workspace.path, {}, this.pool)));
    if (limits) ix.limits = limits;
    return ix;
  }

  async close(): Promise<void> {
    this.workers?.close();
    this.workers = null;
  }
}
