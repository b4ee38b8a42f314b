// Indexing as a run of kind 'index', for the symbol index and the embeddings
// alike: detached from the HTTP request, Stop cancels it, `progress` events
// let any page follow it over SSE, and the app knows which one is running
// per workspace (to re-attach after a page reload, or to join it).
import type { RunContext, RunManager } from './manager';

export type IndexKind = 'symbols' | 'embeddings';

export interface IndexRunOptions {
  kind: IndexKind;
  workspaceId: string;
  /** What the run is, as its input text: "index /path", "/index src/". */
  input: string;
  sessionId?: string | null;
  /** A second request while one runs gets the running one's id instead of a new run. */
  join?: boolean;
}

export class IndexRuns {
  private running = new Map<string, string>();

  constructor(private runs: RunManager) {}

  /** The run indexing this workspace now, if any. */
  active(kind: IndexKind, workspaceId: string): string | null {
    const id = this.running.get(`${kind}:${workspaceId}`);
    return id && this.runs.isActive(id) ? id : null;
  }

  start(opts: IndexRunOptions, exec: (ctx: RunContext) => Promise<string | void>): string {
    const key = `${opts.kind}:${opts.workspaceId}`;
    const current = this.active(opts.kind, opts.workspaceId);
    if (current && opts.join) return current;
    const runId = this.runs.start({ kind: 'index', input: opts.input, sessionId: opts.sessionId ?? null, workspaceId: opts.workspaceId }, async (ctx) => {
      try {
        return await exec(ctx);
      } finally {
        if (this.running.get(key) === ctx.runId) this.running.delete(key);
      }
    });
    this.running.set(key, runId);
    return runId;
  }
}
