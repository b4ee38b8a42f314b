// The seven phases over a persisted run. State is rebuilt from the run's
// events on every activation, so a run resumed after a restart (or the
// user's Resume) starts at its first unfinished phase and repeats no model
// call of a finished one. Each phase's result is persisted as phase_finished.
import { eq } from 'drizzle-orm';
import type { App } from '../ports';
import { runs } from '../db/schema';
import type { ModelArbiter } from '../llm/arbiter';
import { OllamaUnavailableError } from '../llm/residency';
import type { EventBody, RunEvent } from '../runs/events';
import { CancelledError, type RunContext } from '../runs/manager';
import { getWorkspace } from '../sessions/workspaces';
import { PhaseFailure, type PhaseEnv } from './env';
import { phaseModels, phasePersona } from './personas';
import { checkWritableFolder } from './input';
import { classify } from './phases/classify';
import { criteria } from './phases/criteria';
import { implement } from './phases/implement';
import { plan } from './phases/plan';
import { review } from './phases/review';
import { revise } from './phases/revise';
import { test } from './phases/test';
import { buildReport } from './report';
import { firstUnfinished, rebuild, reduce, resultOf, type PipelineState } from './state';
import { PHASE_INFO, PHASES, type FileWritten, type PhaseName, type PhaseResult } from './types';

const RUNNERS: Record<PhaseName, (env: PhaseEnv) => Promise<PhaseResult>> = { classify, plan, criteria, implement, review, revise, test };

export interface EngineDeps {
  models: ModelArbiter;
  /** Pauses before each retry when Ollama is away; their count bounds the retries. */
  retryDelaysMs: number[];
}

/** Ollama went away or broke off a reply: worth another attempt. */
export function isOllamaDown(err: unknown): boolean {
  if (err instanceof OllamaUnavailableError) return true;
  const msg = err instanceof Error ? err.message : String(err);
  return /not reachable at|stopped answering|ended the reply without finishing/i.test(msg);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export async function runPipeline(app: App, base: RunContext, deps: EngineDeps): Promise<string> {
  const row = app.db.select().from(runs).where(eq(runs.id, base.runId)).get();
  if (!row) throw new Error('The run is gone from the database.');
  const ws = row.workspaceId ? getWorkspace(app.db, row.workspaceId) : undefined;
  if (!ws) throw new Error('The run has no workspace (it was removed).');
  const writable = checkWritableFolder(ws.path);
  if (!writable.ok) throw new Error(writable.error);
  const config = app.config(ws.path).values;

  let state: PipelineState = rebuild(app.log.replay({ runId: base.runId }));
  // Everything emitted is folded into the state: the log and the state cannot disagree.
  const emit = (body: EventBody): RunEvent => {
    const e = base.emit(body);
    state = reduce(state, e);
    return e;
  };
  const ctx: RunContext = { ...base, emit };
  const phases = phaseModels(config);
  // Each model's context length, for the phases' budgets (numCtxFor); a host that cannot say leaves default_num_ctx.
  await Promise.all([...new Set(Object.values(phases).map((p) => p.model))].map((m) => deps.models.info.get(m)));
  const resumeAt = firstUnfinished(state) ?? 'test';
  emit({ type: 'pipeline_started', workspace: writable.value, phases, resumeAt });

  const stop = (message: string): never => {
    emit({ type: 'report', report: buildReport(state) });
    throw new Error(message);
  };

  for (const phase of PHASES) {
    if (resultOf(state, phase)) continue;
    const env: Omit<PhaseEnv, 'ctx' | 'changed'> = {
      app, config, workspace: writable.value, workspaceId: ws.id, requirement: row.input, state: () => state, models: deps.models,
    };
    const outcome = await runPhase(phase, env, ctx, deps);
    if ('failure' in outcome) stop(outcome.failure);
    const c = resultOf(state, 'classify');
    if (phase === 'classify' && c && !c.implementable) stop(`The Architect judged the requirement not implementable: ${c.reason || 'no reason given'}`);
  }
  const report = buildReport(state);
  emit({ type: 'report', report });
  return report.headline;
}

/** One phase with bounded retries while Ollama is away; persists its result. */
async function runPhase(
  phase: PhaseName,
  env: Omit<PhaseEnv, 'ctx' | 'changed'>,
  ctx: RunContext,
  deps: EngineDeps,
): Promise<{ result: PhaseResult } | { failure: string }> {
  const info = PHASE_INFO[phase];
  for (let attempt = 0; ; attempt++) {
    const t0 = Date.now();
    // The reducer counts this attempt's calls, tokens, loads and files (state().phases[phase].attempt).
    const counts = () => env.state().phases[phase]?.attempt;
    const changed = (): FileWritten[] =>
      (counts()?.changed ?? []).map((p) => ({ path: p, lines: env.state().files[p] })).filter((f): f is FileWritten => typeof f.lines === 'number');
    const who = phasePersona(phase);
    ctx.emit({ type: 'phase_started', phase, persona: who.persona, model: env.config[who.modelKey], attempt: (env.state().phases[phase]?.attempts ?? 0) + 1 });
    try {
      const result = await RUNNERS[phase]({ ...env, ctx, changed });
      if (ctx.signal.aborted) throw new CancelledError();
      const { changed: _files, ...stats } = counts()!;
      ctx.emit({ type: 'phase_finished', phase, result, stats: { ...stats, durationMs: Date.now() - t0 } });
      return { result };
    } catch (err) {
      if (ctx.signal.aborted || err instanceof CancelledError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      const down = isOllamaDown(err);
      if (down) env.models.forget(); // Ollama may come back empty
      const willRetry = down && attempt < deps.retryDelaysMs.length;
      ctx.emit({ type: 'phase_failed', phase, error: message, willRetry });
      if (willRetry) {
        const wait = deps.retryDelaysMs[attempt]!;
        ctx.emit({ type: 'warning', code: 'ollama_retry', message: `${message} Retrying ${info.label} in ${(wait / 1000).toFixed(wait < 1000 ? 2 : 0)} s (retry ${attempt + 1} of ${deps.retryDelaysMs.length}).` });
        await sleep(wait, ctx.signal);
        continue;
      }
      if (down) return { failure: `${info.label} failed: Ollama did not answer after ${attempt + 1} attempts (${message}). Start Ollama, then press Resume: the run continues at ${info.label}.` };
      if (err instanceof PhaseFailure) return { failure: `${info.label} failed: ${message}` };
      return { failure: `${info.label} failed: ${message} Press Resume to try this phase again.` };
    }
  }
}
