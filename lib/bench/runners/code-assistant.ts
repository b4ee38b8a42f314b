// The code-assistant runner: the seven-phase pipeline, exactly as the server
// runs it, in the sample's fresh workspace. Figures come from its events.
import type { App } from '../../ports';
import { startPipeline } from '../../pipeline/start';
import { eventFigures } from '../events';
import type { ModelFigures } from '../types';

export interface RunnerOutcome extends ModelFigures {
  status: 'finished' | 'failed' | 'cancelled';
  error?: string;
  model: string;
  runId?: string;
  costUsd: number | null;
  steps?: { tool: string; ok: boolean; summary: string }[];
}

export async function runCodeAssistant(app: App, requirement: string, workspace: string, signal?: AbortSignal): Promise<RunnerOutcome> {
  const runId = startPipeline(app, requirement, { path: workspace }, 'bench');
  const onAbort = () => app.pipelines.cancel(runId);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await app.pipelines.settled(runId);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  app.log.flushRun(runId);
  const events = app.log.replay({ runId });
  const f = eventFigures(events);
  const end = [...events].reverse().find((e) => e.type === 'run_finished' || e.type === 'run_failed' || e.type === 'run_cancelled');
  const status = end?.type === 'run_cancelled' ? 'cancelled' : end?.type === 'run_failed' ? 'failed' : 'finished';
  const cfg = app.config(workspace).values as unknown as Record<string, unknown>;
  const model = f.models.length ? f.models.join(' + ') : String(cfg.implementer_model ?? 'local');
  return {
    status, runId, model,
    ...(end?.type === 'run_failed' ? { error: end.error } : {}),
    modelCalls: f.modelCalls, calls: f.calls, promptTokens: f.promptTokens, completionTokens: f.completionTokens, loadMs: f.loadMs,
    toolCalls: f.toolCalls, timeouts: f.timeouts, costUsd: 0,
  };
}
