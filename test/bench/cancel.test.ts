// A benchmark cancelled midway: the sample is kept as cancelled, later ones do
// not run, and cancelled samples never count for pass@k.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingModules } from '../../lib/bench/proc';
import { runBenchmark } from '../../lib/bench/run';
import { aggregate, loadResult } from '../../lib/bench/store';
import { emptySample } from '../../lib/bench/types';
import { text, toolUse } from '../support/scripted-anthropic';
import { benchEnv } from './support';

const env = benchEnv();

describe('cancelling a benchmark', () => {
  it('keeps the running sample as cancelled and stops there', async () => {
    const ctl = new AbortController();
    env.claude.script({ ...toolUse('write_file', { path: 'calculator.py', content: 'x = 1\n' }), onServed: () => ctl.abort() });
    const r = await runBenchmark(env.t.app, { reqs: ['req_01'], runners: ['claude'], samples: 3 }, { signal: ctl.signal });
    expect(r.status).toBe('cancelled');
    expect(r.runs.map((s) => s.status)).toEqual(['cancelled']);
    expect(r.runs[0]!.acceptance).toBeNull();
    expect(loadResult(env.t.app.dataDir, r.id)!.status).toBe('cancelled');
    expect(aggregate(r.runs)[0]).toMatchObject({ n: 0, c: 0 });
  });

  it('pass@k leaves out cancelled, skipped and unjudged samples', () => {
    const mk = (status: 'finished' | 'failed' | 'cancelled', passed: boolean, missing?: string[]) => ({
      ...emptySample('req_01', 'claude', 'm', 1, '/w'), status, passed, ...(missing ? { missingDeps: missing } : {}),
    });
    const [a] = aggregate([mk('finished', true), mk('failed', false), mk('cancelled', true), mk('finished', true, ['fastapi']), mk('finished', false)]);
    expect([a!.n, a!.c]).toEqual([3, 1]);
    expect(a!.passAt1).toBeCloseTo(1 / 3, 12);
    expect(a!.passAtN).toBe(1);
  });

  it('reports a missing Python dependency as such, not as a failed run', async () => {
    // A python3 without the Debian packages: every import fails.
    const fake = path.join(env.t.home, 'python3');
    fs.writeFileSync(fake, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const saved = process.env.BENCH_PYTHON;
    process.env.BENCH_PYTHON = fake;
    try {
      expect(await missingModules('req_02')).toEqual(['pytest', 'fastapi', 'httpx', 'uvicorn']);
      env.claude.script(toolUse('write_file', { path: 'app.py', content: 'app = None\n' }), text('Done.'));
      const r = await runBenchmark(env.t.app, { reqs: ['req_02'], runners: ['claude'], samples: 1 });
      expect(r.status).toBe('finished');
      expect(r.notes.join('\n')).toContain('apt-get install -y python3-pytest python3-fastapi python3-httpx python3-uvicorn');
      expect(r.runs[0]).toMatchObject({ status: 'finished', missingDeps: ['pytest', 'fastapi', 'httpx', 'uvicorn'], acceptance: null, filesWritten: 1 });
      expect(aggregate(r.runs)[0]).toMatchObject({ n: 0 });
    } finally {
      if (saved === undefined) delete process.env.BENCH_PYTHON;
      else process.env.BENCH_PYTHON = saved;
    }
  });
});
