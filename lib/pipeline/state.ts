// A pipeline run's state, rebuilt from its events by one pure reducer: the
// engine folds the persisted log to resume after a restart and keeps folding
// what it emits; the report is computed from the same state. No I/O here.
import type { RunEvent } from '../runs/events';
import { countLines } from '../text';
import { PHASES, type CriterionResult, type PhaseName, type PhaseResult, type PhaseStats, type ResultOf } from './types';

/** What the current attempt of a phase has done so far (phase_finished's stats come from here). */
export interface AttemptCounts {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  modelMs: number;
  loadMs: number;
  /** Paths this attempt wrote or edited, in first-write order. */
  changed: string[];
}

const noCounts = (): AttemptCounts => ({ calls: 0, promptTokens: 0, completionTokens: 0, modelMs: 0, loadMs: 0, changed: [] });

export interface PhaseRecord {
  persona: string;
  model: string;
  attempts: number;
  attempt: AttemptCounts;
  startedAt?: number;
  finishedAt?: number;
  result?: PhaseResult;
  stats?: PhaseStats;
  /** The last failure of this phase, if its last attempt failed. */
  error?: string;
}

export interface PipelineState {
  phases: Partial<Record<PhaseName, PhaseRecord>>;
  /** Rounds of the latest attempt of the test phase. */
  rounds: CriterionResult[][];
  /** Lines of every file the run wrote, by path (null: deleted). */
  files: Record<string, number | null>;
  totals: { calls: number; promptTokens: number; completionTokens: number; modelMs: number; loads: number; loadMs: number; unloads: number };
  warnings: { code: string; message: string }[];
  /** How many times the run got the models (1 + resumes). */
  activations: number;
  /** The phase running now: model calls, loads and writes count towards it. */
  current: PhaseName | null;
  /** Who each phase runs as, from the latest pipeline_started. */
  planned: Partial<Record<PhaseName, { persona: string; model: string }>>;
}

export const emptyState = (): PipelineState => ({
  phases: {},
  rounds: [],
  files: {},
  totals: { calls: 0, promptTokens: 0, completionTokens: 0, modelMs: 0, loads: 0, loadMs: 0, unloads: 0 },
  warnings: [],
  activations: 0,
  current: null,
  planned: {},
});


/** Returns a new state (the old one is never changed). */
export function reduce(s: PipelineState, e: RunEvent): PipelineState {
  switch (e.type) {
    case 'pipeline_started':
      return { ...s, activations: s.activations + 1, planned: e.phases ?? s.planned };
    case 'phase_started': {
      const prev = s.phases[e.phase];
      const rec: PhaseRecord = { persona: e.persona, model: e.model, attempts: (prev?.attempts ?? 0) + 1, attempt: noCounts(), startedAt: e.ts };
      return { ...s, current: e.phase, phases: { ...s.phases, [e.phase]: rec }, rounds: e.phase === 'test' ? [] : s.rounds };
    }
    case 'phase_finished':
      return { ...patchPhase(s, e.phase, { result: e.result, stats: e.stats, finishedAt: e.ts, error: undefined }), current: null };
    case 'phase_failed':
      return { ...patchPhase(s, e.phase, { error: e.error, finishedAt: e.ts }), current: null };
    case 'test_round': {
      const rounds = s.rounds.slice();
      rounds[e.round - 1] = e.results;
      return { ...s, rounds };
    }
    case 'message_done':
      return {
        ...countInPhase(s, (a) => ({
          ...a,
          calls: a.calls + 1,
          promptTokens: a.promptTokens + (e.promptTokens ?? 0),
          completionTokens: a.completionTokens + (e.completionTokens ?? 0),
          modelMs: a.modelMs + (e.durationMs ?? 0),
        })),
        totals: {
          ...s.totals,
          calls: s.totals.calls + 1,
          promptTokens: s.totals.promptTokens + (e.promptTokens ?? 0),
          completionTokens: s.totals.completionTokens + (e.completionTokens ?? 0),
          modelMs: s.totals.modelMs + (e.durationMs ?? 0),
        },
      };
    case 'model_load':
      return {
        ...countInPhase(s, (a) => ({ ...a, loadMs: a.loadMs + e.durationMs })),
        totals: { ...s.totals, loads: s.totals.loads + 1, loadMs: s.totals.loadMs + e.durationMs },
      };
    case 'model_unload':
      return { ...s, totals: { ...s.totals, unloads: s.totals.unloads + 1 } };
    case 'tool_result': {
      if (!e.ok || !e.files?.length) return s;
      const files = { ...s.files };
      for (const f of e.files) files[f.path] = f.after === null ? null : countLines(f.after);
      const paths = e.files.map((f) => f.path);
      return { ...countInPhase(s, (a) => ({ ...a, changed: [...new Set([...a.changed, ...paths])] })), files };
    }
    case 'warning':
      return { ...s, warnings: [...s.warnings, { code: e.code, message: e.message }] };
    default:
      return s;
  }
}

function countInPhase(s: PipelineState, f: (a: AttemptCounts) => AttemptCounts): PipelineState {
  const rec = s.current ? s.phases[s.current] : undefined;
  return rec ? patchPhase(s, s.current!, { attempt: f(rec.attempt) }) : s;
}

function patchPhase(s: PipelineState, phase: PhaseName, patch: Partial<PhaseRecord>): PipelineState {
  const prev = s.phases[phase] ?? { persona: '', model: '', attempts: 0, attempt: noCounts() };
  return { ...s, phases: { ...s.phases, [phase]: { ...prev, ...patch } } };
}

export function rebuild(events: RunEvent[]): PipelineState {
  return events.reduce(reduce, emptyState());
}

/** The finished result of a phase, if it has one. */
export function resultOf<P extends PhaseName>(s: PipelineState, phase: P): ResultOf<P> | undefined {
  return s.phases[phase]?.result as ResultOf<P> | undefined;
}

/** Where a (resumed) run continues: the first phase without a result. */
export function firstUnfinished(s: PipelineState): PhaseName | null {
  return PHASES.find((p) => !s.phases[p]?.result) ?? null;
}

/** Files the run wrote that still exist, with their line counts. */
export function writtenFiles(s: PipelineState): { path: string; lines: number }[] {
  return Object.entries(s.files)
    .filter((kv): kv is [string, number] => kv[1] !== null)
    .map(([path, lines]) => ({ path, lines }));
}
