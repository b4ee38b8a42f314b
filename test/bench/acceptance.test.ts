// The hidden suites judged against reference solutions: good ones must pass
// everything, broken ones must fail some, so the suites are known to judge.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingModules } from '../../lib/bench/proc';
import { parseSummary, runAcceptance, runOwnTests } from '../../lib/bench/pytest';

const solutions = path.join(import.meta.dirname, 'solutions');
const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};

// Work on copies so pytest never leaves files in the repository.
function copy(req: string, kind: string): string {
  const dir = tmp(`bench-sol-${req}-${kind}-`);
  fs.cpSync(path.join(solutions, req, kind), dir, { recursive: true });
  return dir;
}

describe('acceptance suites', () => {
  for (const req of ['req_01', 'req_02', 'req_03']) {
    it(`${req}: passes the good solution, fails the broken one`, async () => {
      expect(await missingModules(req)).toEqual([]);
      const good = await runAcceptance(req, copy(req, 'good'));
      expect(good.failed + good.errors, good.output).toBe(0);
      expect(good.passed).toBeGreaterThan(10);
      const broken = await runAcceptance(req, copy(req, 'broken'));
      expect(broken.failed).toBeGreaterThan(0);
      expect(broken.total).toBe(good.total);
    });
  }

  it('reports an import error as 0 passed with the error', async () => {
    const dir = tmp('bench-empty-');
    const r = await runAcceptance('req_01', dir);
    expect(r.passed).toBe(0);
    expect(r.importError).toMatch(/calculator/);
  });

  it("runs the workspace's own tests", async () => {
    const r = await runOwnTests(copy('req_01', 'broken'));
    expect([r.passed, r.failed]).toEqual([1, 1]);
  });

  it('kills hanging tests at the timeout', async () => {
    const dir = tmp('bench-hang-');
    fs.writeFileSync(path.join(dir, 'test_hang.py'), 'import time\n\ndef test_hang():\n    time.sleep(600)\n');
    const r = await runOwnTests(dir, 1500);
    expect(r.timedOut).toBe(true);
    expect(r.passed).toBe(0);
  });

  it('parses summary lines', () => {
    expect(parseSummary('..F\n2 failed, 15 passed in 0.88s\n')).toEqual({ passed: 15, failed: 2, errors: 0 });
    expect(parseSummary('1 error in 0.10s')).toEqual({ passed: 0, failed: 0, errors: 1 });
  });
});
