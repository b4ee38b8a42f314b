// The pipeline page's view-model, derived from the run's events only. Pure:
// the browser replays history and applies live events with one function.
// Each phase attempt's messages, tool calls and shell output are kept as a
// "turn" of the chat view model, so the session components render them.
import type { RunEvent, StoredRunStatus } from '../runs/events';
import { applyEvent as applyTurnEvent, emptyView, type SessionView, type Turn } from '../runs/view';
import { emptyState, reduce, type PipelineState } from './state';
import type { PhaseName, PhaseStats, PipelineReport } from './types';

export interface PhaseAttempt {
  /** `${phase}#${attempt}`: the key of its items. */
  key: string;
  phase: PhaseName;
  attempt: number;
  persona: string;
  model: string;
  state: 'running' | 'finished' | 'failed' | 'retrying' | 'stopped';
  startedAt: number;
  finishedAt?: number;
  /** Model loads during the attempt (ms). */
  loadMs: number;
  stats?: PhaseStats;
  error?: string;
}

export interface FileDiff {
  path: string;
  phase: PhaseName | null;
  diff: string;
}

export interface PipelineView {
  lastId: number;
  input: string;
  status: StoredRunStatus;
  error?: string;
  startedAt?: number;
  finishedAt?: number;
  queuedAhead?: number;
  state: PipelineState;
  attempts: PhaseAttempt[];
  /** Items per attempt key ('run' for what happens between phases). */
  items: SessionView;
  current: string | null;
  report?: PipelineReport;
  /** Every write and edit, in order, with its diff. */
  diffs: FileDiff[];
}

export const emptyPipelineView = (): PipelineView => ({
  lastId: 0, input: '', status: 'queued', state: emptyState(), attempts: [], items: emptyView, current: null, diffs: [],
});

const ITEM_EVENTS = new Set([
  'message_started', 'message_delta', 'message_done', 'tool_call', 'tool_output', 'tool_result',
  'warning', 'salvage', 'model_load', 'model_unload', 'approval_requested', 'approval_resolved',
]);
const ENDED: Record<string, StoredRunStatus> = {
  run_finished: 'finished', run_failed: 'failed', run_cancelled: 'cancelled', run_interrupted: 'interrupted',
};

function patchCurrent(v: PipelineView, fn: (a: PhaseAttempt) => PhaseAttempt): PhaseAttempt[] {
  const i = v.attempts.findIndex((a) => a.key === v.current);
  if (i < 0) return v.attempts;
  const attempts = v.attempts.slice();
  attempts[i] = fn(attempts[i]!);
  return attempts;
}

export function applyPipelineEvent(v: PipelineView, e: RunEvent): PipelineView {
  if (e.id > 0 && e.id <= v.lastId) return v;
  let next: PipelineView = { ...v, lastId: e.id > 0 ? e.id : v.lastId, state: reduce(v.state, e) };
  if (ITEM_EVENTS.has(e.type)) {
    next.items = applyTurnEvent(next.items, { ...e, runId: v.current ?? 'run' } as RunEvent);
  }
  switch (e.type) {
    case 'run_started':
      return { ...next, input: e.input, status: 'running', startedAt: e.ts };
    case 'run_queued':
      return { ...next, status: 'queued', queuedAhead: e.ahead };
    case 'run_resumed':
      return { ...next, status: 'queued', error: undefined, finishedAt: undefined };
    case 'pipeline_started':
      return { ...next, status: 'running', queuedAhead: undefined };
    case 'phase_started': {
      const key = `${e.phase}#${e.attempt}`;
      const attempt: PhaseAttempt = { key, phase: e.phase, attempt: e.attempt, persona: e.persona, model: e.model, state: 'running', startedAt: e.ts, loadMs: 0 };
      return { ...next, attempts: [...v.attempts, attempt], current: key };
    }
    case 'phase_finished':
      return { ...next, attempts: patchCurrent(v, (a) => ({ ...a, state: 'finished', finishedAt: e.ts, stats: e.stats })), current: null };
    case 'phase_failed':
      return { ...next, attempts: patchCurrent(v, (a) => ({ ...a, state: e.willRetry ? 'retrying' : 'failed', finishedAt: e.ts, error: e.error })), current: null };
    case 'model_load':
      return { ...next, attempts: patchCurrent(v, (a) => ({ ...a, loadMs: a.loadMs + e.durationMs })) };
    case 'tool_result': {
      if (!e.ok || !e.diff || !e.files?.length) return next;
      const phase = v.attempts.find((a) => a.key === v.current)?.phase ?? null;
      return { ...next, diffs: [...v.diffs, { path: e.files[0]!.path, phase, diff: e.diff }] };
    }
    case 'report':
      return { ...next, report: e.report };
    case 'run_finished':
    case 'run_failed':
    case 'run_cancelled':
    case 'run_interrupted': {
      const error = e.type === 'run_failed' ? e.error : e.type === 'run_cancelled' || e.type === 'run_interrupted' ? e.reason : undefined;
      // A phase cut off by Cancel is not "running" any more.
      const attempts = patchCurrent(v, (a) => (a.state === 'running' ? { ...a, state: 'stopped', finishedAt: e.ts } : a));
      next = { ...next, attempts, status: ENDED[e.type]!, error, finishedAt: e.ts, current: null };
      return next;
    }
    default:
      return next;
  }
}

export function applyPipelineEvents(v: PipelineView, events: RunEvent[]): PipelineView {
  return events.reduce(applyPipelineEvent, v);
}

/** The items of one phase attempt (messages, tool calls, shell output, warnings). */
export function attemptTurn(v: PipelineView, key: string): Turn | undefined {
  return v.items.turns.find((t) => t.runId === key);
}

/** The latest attempt of each phase that has started. */
export function latestAttempts(v: PipelineView): Partial<Record<PhaseName, PhaseAttempt>> {
  const out: Partial<Record<PhaseName, PhaseAttempt>> = {};
  for (const a of v.attempts) out[a.phase] = a;
  return out;
}
