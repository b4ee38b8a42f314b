// A whole pipeline against the scripted Ollama: plan, criteria, code through
// tool calls, findings, a fix, a failing round and a passing one. Files on
// disk, events, the report, and never two chat models in memory.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipeline } from '../../lib/pipeline/start';
import { applyPipelineEvents, attemptTurn, emptyPipelineView } from '../../lib/pipeline/view';
import { PHASES } from '../../lib/pipeline/types';
import { testApp, type TestApp } from '../support/test-app';
import { BIG, ofType, REQUIREMENT, SMALL, scriptHappyPath, settle } from './support';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});


describe('pipeline', () => {
  it('runs seven phases to a passing second round, one chat model in memory at a time', async () => {
    scriptHappyPath(t.ollama);
    // The embedding model is resident (retrieval used it): it may stay beside the chat model.
    await fetch(`${t.ollama.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: 'nomic-embed-text', input: 'calc' }) });
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    const errs = events.filter((e) => e.type === 'run_failed');
    expect(errs).toEqual([]);

    // The code on disk is the code after review and fix.
    const calc = fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8');
    expect(calc).toContain('return a * b');
    expect(calc).toContain('raise ValueError("division by zero")');
    expect(fs.existsSync(path.join(t.workspace, 'test_calc.py'))).toBe(true);

    // Every phase started and finished once, in order.
    expect(ofType(events, 'phase_finished').map((e) => e.phase)).toEqual([...PHASES]);
    expect(ofType(events, 'phase_started').map((e) => [e.phase, e.persona, e.model])).toEqual([
      ['classify', 'architect', SMALL], ['plan', 'architect', SMALL], ['criteria', 'architect', SMALL],
      ['implement', 'implementer', BIG], ['review', 'reviewer', SMALL], ['revise', 'implementer', BIG], ['test', 'tester', SMALL],
    ]);
    const rounds = ofType(events, 'test_round');
    expect(rounds.map((r) => r.results.map((x) => `${x.id}:${x.passed}`))).toEqual([
      ['C1:true', 'C2:false', 'C3:true'],
      ['C1:true', 'C2:true', 'C3:true'],
    ]);
    expect(rounds[0].results[1]).toMatchObject({ reason: 'exit code 1' });
    expect(rounds[0].results[1].tail).toContain('AssertionError');
    // The criteria commands ran through run_shell, their output streamed for the terminal view.
    const outputs = ofType(events, 'tool_output').map((e) => e.text).join('');
    expect(outputs).toContain('AssertionError');

    // The report.
    const report = ofType(events, 'report').at(-1)!.report;
    expect(report.verdict).toBe('passed');
    expect(report.headline).toBe('3 of 3 acceptance criteria passed in round 2.');
    expect(report.rounds).toEqual([{ C1: 'passed', C2: 'failed', C3: 'passed' }, { C1: 'passed', C2: 'passed', C3: 'passed' }]);
    expect(report.findings).toHaveLength(1);
    expect(report.revise).toMatchObject({ files: ['calc.py'] });
    expect(report.built).toContain('calc.py');
    expect(report.files.map((f) => f.path).sort()).toEqual(['calc.py', 'test_calc.py']);
    expect(report.totals.linesWritten).toBe(calc.split('\n').length - 1 + 11);
    expect(report.totals.modelCalls).toBe(t.ollama.chatRequests().length);
    expect(report.totals.modelCalls).toBe(5 + 7);
    expect(report.problems).toEqual([]);
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', summary: report.headline });
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'finished' });

    // Residency: 7b -> 14b -> 7b -> 14b -> 7b, each switch an unload confirmed before the next load.
    expect(t.ollama.maxConcurrentChatModels()).toBe(1);
    expect(ofType(events, 'model_load').map((e) => e.model)).toEqual([SMALL, BIG, SMALL, BIG, SMALL]);
    expect(ofType(events, 'model_unload').map((e) => e.model)).toEqual([SMALL, BIG, SMALL, BIG, SMALL]);
    const loads = t.ollama.events.filter((e) => e.type === 'load').map((e) => e.model);
    expect(loads).toEqual(['nomic-embed-text:latest', SMALL, BIG, SMALL, BIG, SMALL]);
    // Never a load while another chat model was resident: each switch unloaded first.
    const order = t.ollama.events.filter((e) => !e.model.startsWith('nomic')).map((e) => e.type);
    expect(order).toEqual(['load', 'unload', 'load', 'unload', 'load', 'unload', 'load', 'unload', 'load', 'unload']);
    expect(t.ollama.loaded()).toEqual(['nomic-embed-text:latest']); // chat model released: nothing else was queued
    // Chat requests carried a finite keep_alive (never -1) and the same num_ctx as the load.
    for (const req of t.ollama.chatRequests()) {
      expect(req.keep_alive).toBe('30m');
      expect(req.options.num_ctx).toBe(8192);
    }
    // The page's view, folded from the same events (twice: replays are idempotent).
    const view = applyPipelineEvents(emptyPipelineView(), events);
    expect(applyPipelineEvents(view, events)).toBe(view);
    expect(view.status).toBe('finished');
    expect(view.attempts.map((a) => `${a.phase}:${a.state}`)).toEqual(PHASES.map((p) => `${p}:finished`));
    expect(view.attempts.find((a) => a.phase === 'implement')!.loadMs).toBeGreaterThanOrEqual(0);
    expect(view.diffs.map((d) => `${d.phase}:${d.path}`)).toEqual(['implement:calc.py', 'implement:test_calc.py', 'revise:calc.py', 'test:calc.py']);
    const testTurn = attemptTurn(view, 'test#1')!;
    const shells = testTurn.items.filter((i) => i.kind === 'tool' && i.tool === 'run_shell');
    expect(shells).toHaveLength(6);
    expect(shells.map((i) => (i.kind === 'tool' ? i.output : '')).join('')).toContain('AssertionError');
    expect(view.report?.verdict).toBe('passed');
    // Structured output asked with a JSON schema.
    const criteriaReq = t.ollama.chatRequests()[2];
    expect(criteriaReq.format?.properties?.criteria?.type).toBe('array');
  });
});
