// Pipelines queue so only one uses the models at a time (one model in
// memory is the point of pipeline mode). One queue per app; it also resumes
// the runs a restart interrupted, and runs the user asks to resume.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { App, Pipelines } from '../ports';
import { runs } from '../db/schema';
import { TERMINAL_EVENT_TYPES, type RunEvent, type StoredRunStatus } from '../runs/events';
import { getWorkspace } from '../sessions/workspaces';
import { runPipeline } from './engine';

const DEFAULT_RETRY_DELAYS_MS = [2_000, 5_000, 15_000];
const RESUMABLE: StoredRunStatus[] = ['failed', 'interrupted', 'cancelled'];

export class PipelineQueue implements Pipelines {
  /** Pauses before retrying a phase while Ollama is away (tests shorten them). */
  retryDelaysMs = DEFAULT_RETRY_DELAYS_MS;
  private activeId: string | null = null;
  private waiting: string[] = [];

  constructor(private app: App) {}

  /** Put a created (queued) run in line; it starts when the models are free. */
  submit(runId: string): void {
    if (this.activeId === runId || this.waiting.includes(runId)) return;
    const ahead = this.waiting.length + (this.activeId ? 1 : 0);
    this.waiting.push(runId);
    if (ahead) this.app.log.append(runId, null, { type: 'run_queued', ahead });
    this.pump();
  }

  /** Cancel a running or a waiting run. */
  cancel(runId: string): boolean {
    if (this.activeId === runId) return this.app.runs.cancel(runId);
    const i = this.waiting.indexOf(runId);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    this.app.runs.endInactive(runId, 'cancelled while waiting in the queue');
    return true;
  }

  /** Resume a failed, interrupted or cancelled run at its first unfinished phase. */
  resume(runId: string): { ok: true } | { ok: false; error: string } {
    const row = this.app.db.select().from(runs).where(eq(runs.id, runId)).get();
    if (!row || row.kind !== 'pipeline') return { ok: false, error: 'No such pipeline run.' };
    if (!RESUMABLE.includes(row.status)) return { ok: false, error: `The run is ${row.status}; only failed, interrupted or cancelled runs can be resumed.` };
    this.app.runs.requeue(runId, { type: 'run_resumed', reason: 'resumed by the user' });
    this.submit(runId);
    return { ok: true };
  }

  /** At server start: runs a restart cut off continue, then the ones that were waiting. */
  recover(): number {
    const rows = this.app.db
      .select({ id: runs.id, status: runs.status })
      .from(runs)
      .where(and(eq(runs.kind, 'pipeline'), inArray(runs.status, ['running', 'queued'])))
      .orderBy(asc(runs.createdAt))
      .all();
    const ordered = [...rows.filter((r) => r.status === 'running'), ...rows.filter((r) => r.status === 'queued')];
    for (const r of ordered) {
      if (r.status === 'running') this.app.runs.requeue(r.id, { type: 'run_resumed', reason: 'the server restarted during this run; it continues at its first unfinished phase' });
      this.submit(r.id);
    }
    return ordered.length;
  }

  position(runId: string): number {
    return this.activeId === runId ? 0 : this.waiting.indexOf(runId) + 1 || -1;
  }

  /** Resolves at the run's next end (finished, failed or cancelled), or at once if it is not in line. */
  settled(runId: string): Promise<void> {
    if (this.activeId !== runId && !this.waiting.includes(runId)) return Promise.resolve();
    return new Promise((resolve) => {
      const off = this.app.log.bus.subscribe({ runId }, (e: RunEvent) => {
        if (!TERMINAL_EVENT_TYPES.has(e.type)) return;
        off();
        // After the manager has written the final status.
        setImmediate(resolve);
      });
    });
  }

  private pump(): void {
    if (this.activeId || !this.waiting.length) return;
    const runId = this.waiting.shift()!;
    this.activeId = runId;
    const row = this.app.db.select({ workspaceId: runs.workspaceId }).from(runs).where(eq(runs.id, runId)).get();
    const ws = row?.workspaceId ? getWorkspace(this.app.db, row.workspaceId) : undefined;
    const config = this.app.config(ws?.path).values;
    const models = this.app.models.forHost(config.ollama_host);
    const done = this.app.runs.activate(runId, async (ctx) => {
      try {
        return await runPipeline(this.app, ctx, { models, retryDelaysMs: this.retryDelaysMs });
      } finally {
        // Nobody waiting: give the memory back on every host a phase used, instead of holding models for keep_alive.
        if (!this.waiting.length) await this.app.models.releaseIdle(ctx.emit);
      }
    });
    void done.finally(() => {
      this.activeId = null;
      this.pump();
    });
  }
}
