// Shapes of a benchmark's stored results: one JSON file per benchmark run
// under <data dir>/bench/, rewritten after every sample so progress is visible.
export const RUNNERS = ['code-assistant', 'claude'] as const;
export type RunnerName = (typeof RUNNERS)[number];

/** 'running': the sample is being run now (its figures are not in yet). */
export type SampleStatus = 'running' | 'finished' | 'failed' | 'cancelled' | 'skipped';

export interface FileFigure {
  path: string;
  lines: number;
  syntaxErrors: number;
}

export interface TestFigure {
  passed: number;
  failed: number;
  errors: number;
  total: number;
  timedOut: boolean;
  importError?: string;
  output: string;
}

export interface ToolCallFigures {
  /** Well-formed calls the model made through the tool-call API, by tool. */
  native: Record<string, number>;
  /** Calls recovered from text (JSON, tags, fenced files), by salvage kind. */
  salvaged: Record<string, number>;
  /** Calls with an unknown tool or arguments that failed the schema. */
  malformed: number;
}

/** Model calls on one host of one provider (issue 13: where each call ran). */
export interface CallFigure {
  provider: string;
  host: string;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  /** Replies cut off by the host failing (restarted elsewhere or failed). */
  partial: number;
}

/** What a run cost in model work: the figures every runner, the event log and a sample share. */
export interface ModelFigures {
  modelCalls: number;
  /** Per provider and host, from the events' message_done (absent for runners that do not say). */
  calls?: CallFigure[];
  promptTokens: number;
  completionTokens: number;
  loadMs: number;
  toolCalls: ToolCallFigures;
  /** Tool commands and test runs killed at their timeout. */
  timeouts: number;
}

export interface SampleFigures extends ModelFigures {
  req: string;
  runner: RunnerName;
  model: string;
  sample: number;
  status: SampleStatus;
  /** When the sample started (ms since the epoch), for the time shown while it runs. */
  startedAt?: number;
  /** Why the sample failed or was skipped. */
  error?: string;
  /** The pipeline run (code-assistant) whose events hold phases and messages. */
  runId?: string;
  workspace: string;
  wallMs: number;
  files: FileFigure[];
  filesWritten: number;
  linesWritten: number;
  syntaxErrors: number;
  ownTests: TestFigure | null;
  acceptance: TestFigure | null;
  /** Python modules the acceptance suite needs but the machine lacks. */
  missingDeps?: string[];
  costUsd: number | null;
  /** The whole hidden suite passed. */
  passed: boolean;
  /** Claude runner's step log (the pipeline's lives in its run events). */
  steps?: { tool: string; ok: boolean; summary: string }[];
}

export interface BenchmarkResult {
  id: string;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'finished' | 'cancelled' | 'failed';
  reqs: string[];
  runners: RunnerName[];
  samples: number;
  notes: string[];
  runs: SampleFigures[];
}

export interface BenchOptions {
  reqs: string[];
  runners: RunnerName[];
  samples: number;
  /** Claude runner's step budget (tool-using turns). */
  steps?: number;
  testTimeoutMs?: number;
}

export function emptySample(req: string, runner: RunnerName, model: string, sample: number, workspace: string): SampleFigures {
  return {
    req, runner, model, sample, status: 'running', startedAt: Date.now(), workspace, wallMs: 0, modelCalls: 0, promptTokens: 0, completionTokens: 0, loadMs: 0,
    files: [], filesWritten: 0, linesWritten: 0, syntaxErrors: 0, ownTests: null, acceptance: null,
    toolCalls: { native: {}, salvaged: {}, malformed: 0 }, timeouts: 0, costUsd: null, passed: false,
  };
}
