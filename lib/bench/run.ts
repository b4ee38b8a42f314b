// Runs a benchmark: every requirement x runner x sample, one after another
// (local models must not compete for memory), each in a fresh workspace under
// the data dir, judged afterwards by its hidden acceptance suite.
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../ports';
import { CancelledError } from '../runs/manager';
import { workspaceFiles } from './disk';
import { missingModules, APT_LINE } from './proc';
import { requirementPath, runAcceptance, runOwnTests } from './pytest';
import { runClaude } from './runners/claude';
import { runCodeAssistant, type RunnerOutcome } from './runners/code-assistant';
import { benchDir, newBenchId, saveResult } from './store';
import { emptySample, type BenchmarkResult, type BenchOptions, type RunnerName, type SampleFigures } from './types';

export interface BenchHooks {
  signal?: AbortSignal;
  /** Called after every change to the result (sample started or finished). */
  onProgress?: (r: BenchmarkResult, message: string) => void;
  id?: string;
}

export async function runBenchmark(app: App, opts: BenchOptions, hooks: BenchHooks = {}): Promise<BenchmarkResult> {
  const result: BenchmarkResult = { id: hooks.id ?? newBenchId(), startedAt: Date.now(), status: 'running', reqs: opts.reqs, runners: opts.runners, samples: opts.samples, notes: [], runs: [] };
  const config = app.config().values;
  const update = (msg: string) => {
    saveResult(app.dataDir, result);
    hooks.onProgress?.(result, msg);
  };
  let runners = opts.runners;
  if (runners.includes('claude') && !config.anthropic_api_key) {
    result.notes.push('claude runner skipped: no anthropic_api_key in the machine config (or CA_ANTHROPIC_API_KEY); the other runners went on.');
    runners = runners.filter((r) => r !== 'claude');
  }
  update('started');
  try {
    for (const req of opts.reqs) {
      const requirement = fs.readFileSync(requirementPath(req), 'utf8');
      const missing = await missingModules(req);
      if (missing.length) result.notes.push(`${req}: the acceptance suite needs Python modules ${missing.join(', ')} (on Debian: ${APT_LINE}); its samples are not judged.`);
      for (const runner of runners) {
        for (let i = 1; i <= opts.samples; i++) {
          if (hooks.signal?.aborted) throw new CancelledError();
          const sample = await runSample(app, result, { req, requirement, runner, index: i, missing, opts, signal: hooks.signal });
          update(`${req} ${runner} #${i}: ${sample.status}${sample.acceptance ? `, acceptance ${sample.acceptance.passed}/${sample.acceptance.total}` : ''}`);
        }
      }
    }
    result.status = 'finished';
  } catch (e) {
    result.status = e instanceof CancelledError || hooks.signal?.aborted ? 'cancelled' : 'failed';
    if (result.status === 'failed') result.notes.push(`benchmark failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  result.finishedAt = Date.now();
  update(result.status);
  return result;
}

interface SampleInput {
  req: string;
  requirement: string;
  runner: RunnerName;
  index: number;
  missing: string[];
  opts: BenchOptions;
  signal?: AbortSignal;
}

async function runSample(app: App, result: BenchmarkResult, s: SampleInput): Promise<SampleFigures> {
  const config = app.config().values;
  const workspace = path.join(benchDir(app.dataDir), result.id, `${s.req}-${s.runner}-${s.index}`);
  fs.mkdirSync(workspace, { recursive: true });
  const model = s.runner === 'claude' ? config.claude_model : config.implementer_model;
  const sample = emptySample(s.req, s.runner, model, s.index, workspace);
  result.runs.push(sample);
  saveResult(app.dataDir, result);
  const t0 = Date.now();
  let out: RunnerOutcome;
  try {
    out = s.runner === 'claude'
      ? await runClaude(config, s.requirement, workspace, { steps: s.opts.steps, signal: s.signal })
      : await runCodeAssistant(app, s.requirement, workspace, s.signal);
  } catch (e) {
    Object.assign(sample, { status: 'failed', error: e instanceof Error ? e.message : String(e), wallMs: Date.now() - t0 });
    return sample;
  }
  const { status, error, steps, ...figures } = out;
  Object.assign(sample, figures, { status, wallMs: Date.now() - t0 }, error ? { error } : {}, steps ? { steps } : {});
  sample.files = await workspaceFiles(workspace);
  sample.filesWritten = sample.files.length;
  sample.linesWritten = sample.files.reduce((a, f) => a + f.lines, 0);
  sample.syntaxErrors = sample.files.filter((f) => f.syntaxErrors > 0).length;
  if (status === 'cancelled') return sample;
  if (s.missing.length) {
    sample.missingDeps = s.missing;
    return sample;
  }
  const timeout = s.opts.testTimeoutMs ?? 120_000;
  if (sample.files.some((f) => /(^|\/)(test_[^/]*|[^/]*_test)\.py$/.test(f.path))) {
    sample.ownTests = strip(await runOwnTests(workspace, timeout));
    if (sample.ownTests.timedOut) sample.timeouts++;
  }
  sample.acceptance = strip(await runAcceptance(s.req, workspace, timeout));
  if (sample.acceptance.timedOut) sample.timeouts++;
  sample.passed = sample.acceptance.total > 0 && sample.acceptance.passed === sample.acceptance.total;
  return sample;
}

// Keep stored outputs short: the tail is where pytest puts its verdicts.
const strip = <T extends { output: string }>(t: T): T => ({ ...t, output: t.output.slice(-8000) });
