// Faults: the process dies in the middle of a phase (kill -9 of a real child
// process running the engine), and Ollama goes away mid-phase. Finished
// phases are never asked of the model again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPersona } from '../../lib/agents/personas';
import { createApp, start } from '../../lib/app';
import { startPipeline } from '../../lib/pipeline/start';
import { ScriptedOllama } from '../support/scripted-ollama';
import { testApp, type TestApp } from '../support/test-app';
import {
  BIG, CLASSIFY, CRITERIA, FINDINGS, FIX, IMPLEMENT, ofType, PLAN, REQUIREMENT, REVISE, settle, SMALL, SUMMARY, systemOf,
} from './support';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

/** How many chat requests each phase prompt made. */
function callsByPrompt(ollama: ScriptedOllama) {
  const system = (name: string) => loadPersona(name).system;
  const reqs = ollama.chatRequests().map(systemOf);
  return {
    classify: reqs.filter((s) => s === system('classify-requirement')).length,
    plan: reqs.filter((s) => s === system('plan')).length,
    criteria: reqs.filter((s) => s === system('criteria')).length,
    implementer: reqs.filter((s) => s === system('implementer')).length,
  };
}

describe('pipeline faults', () => {
  it('kill -9 in the middle of Implement: a restart resumes at Implement and repeats no finished phase', async () => {
    t.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA);
    t.ollama.script(BIG, IMPLEMENT[0]!, { content: 'thinking…', chunks: ['thinking…'], hang: true });
    const req = path.join(t.home, 'req.md');
    fs.writeFileSync(req, REQUIREMENT);
    const env = { ...process.env, HOME: t.home, CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url, CA_APP_ROOT: ROOT };
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/ca.ts', 'pipeline', '--req-file', req, '--workspace', t.workspace], {
      cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('exit', r));
    // The second Implementer request hangs: the process is in the middle of the phase.
    await until(() => t.ollama.chatRequests().length === 5 || child.exitCode !== null, `the hanging request\n${out}`);
    expect(fs.existsSync(path.join(t.workspace, 'calc.py'))).toBe(true);
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const before = callsByPrompt(t.ollama);
    expect(before).toEqual({ classify: 1, plan: 1, criteria: 1, implementer: 2 });

    // The restarted server (createApp, then start as instrumentation.ts does) resumes the run.
    t.ollama.script(SMALL, FINDINGS, SUMMARY);
    t.ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
    const restarted = createApp({ homeDir: t.home, env: { CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url } });
    start(restarted);
    try {
      const runId = (restarted.db.$client.prepare("SELECT id FROM runs WHERE kind = 'pipeline'").get() as { id: string }).id;
      await settle(restarted, runId);
      const events = restarted.log.replay({ runId });
      expect(ofType(events, 'run_resumed')).toHaveLength(1);
      expect(ofType(events, 'pipeline_started').map((e) => e.resumeAt)).toEqual(['classify', 'implement']);
      expect(ofType(events, 'phase_started').map((e) => `${e.phase}#${e.attempt}`)).toEqual([
        'classify#1', 'plan#1', 'criteria#1', 'implement#1', 'implement#2', 'review#1', 'revise#1', 'test#1',
      ]);
      expect(events.at(-1)?.type).toBe('run_finished');
      expect(ofType(events, 'report').at(-1)!.report.verdict).toBe('passed');
      // Finished phases were not asked again; the cut-off one was.
      expect(callsByPrompt(t.ollama)).toEqual({ classify: 1, plan: 1, criteria: 1, implementer: 2 + 3 + 2 + 2 });
      expect(t.ollama.maxConcurrentChatModels()).toBe(1);
      expect(restarted.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'finished' });
    } finally {
      await restarted.runs.shutdown();
      restarted.db.$client.close();
    }
  });

  it('Ollama going away mid-phase: bounded retries, a clear failure, and Resume continues there', async () => {
    t.app.pipelines.retryDelaysMs = [10, 10];
    t.ollama.script(SMALL, CLASSIFY, { content: '## Approach', chunks: ['## Approach'], hang: true });
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await until(() => t.ollama.chatRequests().length === 2, 'the plan request');
    const port = Number(new URL(t.ollama.url).port);
    await t.ollama.stop();
    await settle(t.app, runId);
    const row = t.app.db.$client.prepare('SELECT status, error FROM runs WHERE id = ?').get(runId) as { status: string; error: string };
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/^Plan failed: Ollama did not answer after 3 attempts \(.*\)\. Start Ollama, then press Resume/);
    const failed = ofType(t.events(runId), 'phase_failed');
    expect(failed.map((e) => e.willRetry)).toEqual([true, true, false]);
    expect(ofType(t.events(runId), 'warning').filter((w) => w.code === 'ollama_retry')).toHaveLength(2);

    // Ollama is back (empty, as after its own restart): Resume continues at Plan.
    const back = new ScriptedOllama({ models: [SMALL, BIG, 'nomic-embed-text'] });
    await back.start(port);
    try {
      back.script(SMALL, PLAN, CRITERIA, FINDINGS, SUMMARY);
      back.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
      expect(t.app.pipelines.resume(runId)).toEqual({ ok: true });
      await settle(t.app, runId);
      expect(t.events(runId).at(-1)?.type).toBe('run_finished');
      expect(callsByPrompt(back).classify).toBe(0);
      expect(back.pending()).toBe(0);
      expect(back.maxConcurrentChatModels()).toBe(1);
      expect(t.app.pipelines.resume(runId)).toMatchObject({ ok: false });
    } finally {
      await back.stop();
    }
  });

  it('a broken-off reply is retried within the phase and the run goes on', async () => {
    t.app.pipelines.retryDelaysMs = [10];
    t.ollama.script(SMALL, CLASSIFY, { content: 'partial plan', dropAfterChunks: 1 }, PLAN, CRITERIA, FINDINGS, SUMMARY);
    t.ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    expect(events.at(-1)?.type).toBe('run_finished');
    expect(ofType(events, 'phase_started').filter((e) => e.phase === 'plan').map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('cancels a run waiting in the queue; the next one waits for the first to finish', async () => {
    t.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
    t.ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
    const other = path.join(t.home, 'other');
    fs.mkdirSync(other);
    const first = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    const second = startPipeline(t.app, REQUIREMENT, { path: other });
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(second)).toEqual({ status: 'queued' });
    expect(ofType(t.events(second), 'run_queued')).toMatchObject([{ ahead: 1 }]);
    expect(t.app.pipelines.cancel(second)).toBe(true);
    await settle(t.app, first);
    expect(t.events(second).map((e) => e.type)).toEqual(['run_started', 'run_queued', 'run_cancelled']);
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(second)).toEqual({ status: 'cancelled' });
    expect(fs.readdirSync(other)).toEqual([]);
    expect(t.events(first).at(-1)?.type).toBe('run_finished');
  });
});
