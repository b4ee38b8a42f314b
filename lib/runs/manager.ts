// Runs live in the server process, detached from the HTTP request that
// started them: closing the tab changes nothing. Each run gets an abort
// signal (Stop), an event emitter, and a way to wait for the user's approval.
// A run can also be created first and activated later (a queued pipeline),
// and activated again after a failure or a restart (a resumed pipeline).
import { randomUUID } from 'node:crypto';
import { and, eq, notInArray } from 'drizzle-orm';
import type { Db } from '../db';
import { runs } from '../db/schema';
import type { EventBody, RunEvent, RunKind, StoredRunStatus } from './events';
import type { EventLog, StreamedInput } from './log';

export interface RunContext {
  runId: string;
  sessionId: string | null;
  signal: AbortSignal;
  emit(body: EventBody): RunEvent;
  stream(input: StreamedInput): void;
  /** Resolves when the user approves or denies in the UI (or the run is stopped: false). */
  requestApproval(callId: string, tool: string, command: string, note?: string): Promise<boolean>;
}

export interface StartOptions {
  kind: RunKind;
  input: string;
  sessionId?: string | null;
  workspaceId?: string | null;
}

interface Active {
  controller: AbortController;
  sessionId: string | null;
  approvals: Map<string, (ok: boolean) => void>;
  done: Promise<void>;
}

export class CancelledError extends Error {
  constructor(reason = 'stopped by the user') {
    super(reason);
  }
}

export class RunManager {
  private active = new Map<string, Active>();

  constructor(private db: Db, readonly log: EventLog) {}

  /**
   * Mark runs left "running" by a crash or kill as interrupted. Call once at
   * start. Kinds in `except` are left alone: their owner resumes them.
   */
  markInterrupted(opts: { except?: RunKind[] } = {}): number {
    const where = opts.except?.length
      ? and(eq(runs.status, 'running'), notInArray(runs.kind, opts.except))
      : eq(runs.status, 'running');
    const stale = this.db.select({ id: runs.id, sessionId: runs.sessionId }).from(runs).where(where).all();
    for (const r of stale) {
      if (this.active.has(r.id)) continue;
      this.log.append(r.id, r.sessionId, { type: 'run_interrupted', reason: 'the server stopped while this run was in progress' });
      this.setStatus(r.id, 'interrupted', 'the server stopped while this run was in progress');
    }
    return stale.length;
  }

  activeRunForSession(sessionId: string): string | null {
    for (const [id, a] of this.active) if (a.sessionId === sessionId) return id;
    return null;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  start(opts: StartOptions, exec: (ctx: RunContext) => Promise<string | void>): string {
    const runId = this.create(opts, 'running');
    void this.activate(runId, exec);
    return runId;
  }

  /** Insert the run and its run_started event without running anything yet. */
  create(opts: StartOptions, status: 'running' | 'queued' = 'queued'): string {
    const runId = randomUUID();
    const sessionId = opts.sessionId ?? null;
    this.db.insert(runs).values({
      id: runId, sessionId, workspaceId: opts.workspaceId ?? null, kind: opts.kind,
      status, input: opts.input, createdAt: Date.now(),
    }).run();
    this.log.append(runId, sessionId, { type: 'run_started', kind: opts.kind, input: opts.input, sessionId });
    return runId;
  }

  /** Run `exec` for an existing run (created, queued or resumed); resolves when it has ended. */
  activate(runId: string, exec: (ctx: RunContext) => Promise<string | void>): Promise<void> {
    if (this.active.has(runId)) throw new Error(`run ${runId} is already running`);
    const row = this.db.select({ sessionId: runs.sessionId }).from(runs).where(eq(runs.id, runId)).get();
    if (!row) throw new Error(`no run ${runId}`);
    const sessionId = row.sessionId;
    this.db.update(runs).set({ status: 'running', error: null, finishedAt: null }).where(eq(runs.id, runId)).run();
    const controller = new AbortController();
    const approvals = new Map<string, (ok: boolean) => void>();
    const ctx: RunContext = {
      runId,
      sessionId,
      signal: controller.signal,
      emit: (body) => this.log.append(runId, sessionId, body),
      stream: (input) => this.log.stream(runId, sessionId, input),
      requestApproval: (callId, tool, command, note) => {
        if (controller.signal.aborted) return Promise.resolve(false);
        this.log.append(runId, sessionId, { type: 'approval_requested', callId, tool, command, ...(note ? { note } : {}) });
        return new Promise<boolean>((resolve) => {
          const settle = (ok: boolean) => {
            approvals.delete(callId);
            this.log.append(runId, sessionId, { type: 'approval_resolved', callId, approved: ok });
            resolve(ok);
          };
          approvals.set(callId, settle);
          controller.signal.addEventListener('abort', () => approvals.has(callId) && settle(false), { once: true });
        });
      },
    };
    const done = (async () => {
      try {
        const summary = await exec(ctx);
        if (controller.signal.aborted) throw new CancelledError();
        ctx.emit({ type: 'run_finished', summary: summary || undefined });
        this.setStatus(runId, 'finished');
      } catch (err) {
        if (controller.signal.aborted || err instanceof CancelledError) {
          ctx.emit({ type: 'run_cancelled', reason: 'stopped by the user' });
          this.setStatus(runId, 'cancelled');
        } else {
          const message = err instanceof Error ? err.message : String(err);
          ctx.emit({ type: 'run_failed', error: message });
          this.setStatus(runId, 'failed', message);
        }
      } finally {
        this.active.delete(runId);
        this.log.forget(runId);
      }
    })();
    this.active.set(runId, { controller, sessionId, approvals, done });
    return done;
  }

  /** End a run that is not active (a queued run cancelled before it started). */
  endInactive(runId: string, reason: string): void {
    if (this.active.has(runId)) return;
    const row = this.db.select({ sessionId: runs.sessionId }).from(runs).where(eq(runs.id, runId)).get();
    if (!row) return;
    this.log.append(runId, row.sessionId, { type: 'run_cancelled', reason });
    this.setStatus(runId, 'cancelled');
  }

  /** Put an ended or stale run back in line, with an event saying why. */
  requeue(runId: string, body: EventBody): void {
    const row = this.db.select({ sessionId: runs.sessionId }).from(runs).where(eq(runs.id, runId)).get();
    if (!row || this.active.has(runId)) return;
    this.log.append(runId, row.sessionId, body);
    this.db.update(runs).set({ status: 'queued', error: null, finishedAt: null }).where(eq(runs.id, runId)).run();
  }

  cancel(runId: string): boolean {
    const a = this.active.get(runId);
    if (!a) return false;
    a.controller.abort(new CancelledError());
    return true;
  }

  resolveApproval(runId: string, callId: string, approved: boolean): boolean {
    const settle = this.active.get(runId)?.approvals.get(callId);
    if (!settle) return false;
    settle(approved);
    return true;
  }

  /** For tests and shutdown: wait for a run to end. */
  async wait(runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  async shutdown(): Promise<void> {
    for (const id of this.active.keys()) this.cancel(id);
    await Promise.all([...this.active.values()].map((a) => a.done));
    this.log.flushAll();
  }

  private setStatus(runId: string, status: StoredRunStatus, error?: string): void {
    this.db.update(runs).set({ status, error: error ?? null, finishedAt: Date.now() }).where(eq(runs.id, runId)).run();
  }
}
