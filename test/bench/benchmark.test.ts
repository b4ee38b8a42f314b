// A whole benchmark on req_01 with both runners against scripted servers: the
// local pipeline writes a correct calculator, the Claude runner a broken one.
// The stored figures must match the workspaces on disk and the hidden suite.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countLines } from '../../lib/bench/disk';
import { runAcceptance } from '../../lib/bench/pytest';
import { runBenchmark } from '../../lib/bench/run';
import { aggregate, listResults, loadResult } from '../../lib/bench/store';
import { CLASSIFY, PLAN, SMALL, BIG, SUMMARY, call, json, say } from '../pipeline/scripts';
import { text, toolUse } from '../support/scripted-anthropic';
import { testApp } from '../support/test-app';
import { benchEnv } from './support';

const sol = (kind: string, file: string) => fs.readFileSync(path.join(import.meta.dirname, 'solutions/req_01', kind, file), 'utf8');
const GOOD = sol('good', 'calculator.py');
const BROKEN = sol('broken', 'calculator.py');
const TESTS = sol('good', 'test_calculator.py');

const env = benchEnv();

describe('benchmark', () => {
  it('runs req_01 with both runners and stores figures that match disk and the suite', async () => {
    env.t.ollama.script(SMALL, CLASSIFY, PLAN, json({ criteria: [{ id: 'C1', statement: 'imports', command: 'python3 -c "import calculator"' }] }), json({ findings: [] }), SUMMARY);
    env.t.ollama.script(BIG, call('write_file', { path: 'calculator.py', content: GOOD }), call('write_file', { path: 'test_calculator.py', content: TESTS }), say('Wrote the calculator.'));
    env.claude.script(
      toolUse('write_file', { path: 'calculator.py', content: BROKEN }, 'Writing the module.'),
      toolUse('write_file', { path: 'test_calculator.py', content: TESTS }),
      toolUse('run_shell', { command: 'ls' }),
      toolUse('write_file', { content: 'no path' }),
      text('Done: calculator.py written.'),
    );
    const progress: string[] = [];
    const r = await runBenchmark(env.t.app, { reqs: ['req_01'], runners: ['code-assistant', 'claude'], samples: 1 }, { onProgress: (_, m) => progress.push(m) });
    expect(r.status).toBe('finished');
    expect(r.notes).toEqual([]);
    expect(r.runs.map((s) => s.error)).toEqual([undefined, undefined]);
    expect(r.runs.map((s) => [s.runner, s.status, s.passed])).toEqual([['code-assistant', 'finished', true], ['claude', 'finished', false]]);
    expect(progress.at(-1)).toBe('finished');

    // Stored JSON is what runBenchmark returned.
    expect(loadResult(env.t.app.dataDir, r.id)).toEqual(r);
    expect(listResults(env.t.app.dataDir).map((x) => x.id)).toEqual([r.id]);

    for (const s of r.runs) {
      // Figures match the workspace on disk.
      const onDisk = fs.readdirSync(s.workspace).filter((f) => f.endsWith('.py')).sort();
      expect(s.files.map((f) => f.path)).toEqual(onDisk);
      expect(s.linesWritten).toBe(onDisk.reduce((a, f) => a + countLines(fs.readFileSync(path.join(s.workspace, f), 'utf8')), 0));
      expect(s.syntaxErrors).toBe(0);
      // And the hidden suite says the same when run again.
      const again = await runAcceptance('req_01', s.workspace);
      expect([s.acceptance!.passed, s.acceptance!.total]).toEqual([again.passed, again.total]);
      expect(s.ownTests).toMatchObject({ passed: 1, failed: 0 });
    }

    const [ca, cl] = r.runs;
    expect(ca!.acceptance!.passed).toBe(ca!.acceptance!.total);
    expect(ca!.modelCalls).toBe(env.t.ollama.chatRequests().length);
    expect(ca!.model).toBe(`${SMALL} + ${BIG}`);
    expect(ca!.toolCalls.native.write_file).toBe(2);
    expect(ca!.runId).toBeTruthy();

    expect(cl!.acceptance!.failed).toBeGreaterThan(0);
    expect(cl!.model).toBe('claude-sonnet-4-6');
    expect(cl!.modelCalls).toBe(env.claude.requests.length);
    expect(cl!.modelCalls).toBe(5);
    expect([cl!.promptTokens, cl!.completionTokens]).toEqual([500, 100]);
    expect(cl!.costUsd).toBeCloseTo((500 * 3 + 100 * 15) / 1e6, 12);
    expect(cl!.toolCalls).toEqual({ native: { write_file: 2, run_shell: 1 }, salvaged: {}, malformed: 1 });
    expect(cl!.steps!.map((s) => s.tool)).toEqual(['write_file', 'write_file', 'run_shell', 'write_file']);
    // The SDK spoke to our server with the key and our tools.
    expect(env.claude.keyOf(env.claude.requests[0]!.headers)).toBe('test-key');
    expect(env.claude.requests[0]!.body.tools.map((x: { name: string }) => x.name).sort()).toEqual(['edit_file', 'list_files', 'read_file', 'run_shell', 'write_file']);

    const agg = aggregate(r.runs);
    expect(agg.map((a) => [a.runner, a.n, a.c, a.passAt1])).toEqual([['code-assistant', 1, 1, 1], ['claude', 1, 0, 0]]);
  });

  it('skips the claude runner without an API key, and the others go on', async () => {
    const t2 = await testApp();
    try {
      const r = await runBenchmark(t2.app, { reqs: ['req_01'], runners: ['claude'], samples: 2 });
      expect(r.status).toBe('finished');
      expect(r.runs).toEqual([]);
      expect(r.notes.join('\n')).toMatch(/claude runner skipped: no anthropic_api_key/);
    } finally {
      await t2.close();
    }
  });
});
