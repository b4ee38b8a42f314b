// A passing run with a review error the revise pass never touched is not
// reported as clean: the headline, the problems and the count say it is open.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/pipeline/report';
import { rebuild } from '../../lib/pipeline/state';
import type { Finding, PhaseName, PhaseResult } from '../../lib/pipeline/types';
import type { RunEvent } from '../../lib/runs/events';

const stats = { calls: 1, promptTokens: 1, completionTokens: 1, modelMs: 1, loadMs: 0, durationMs: 1 };
let id = 0;
const ev = (e: Record<string, unknown>) => ({ id: ++id, runId: 'r', sessionId: null, ts: id, ...e }) as RunEvent;
const finished = (phase: PhaseName, result: PhaseResult) => ev({ type: 'phase_finished', phase, result, stats });

function run(findings: Finding[], revisedFiles: string[]) {
  return buildReport(rebuild([
    finished('classify', { phase: 'classify', implementable: true, language: 'python', stack: '', reason: '' }),
    finished('criteria', { phase: 'criteria', criteria: [{ id: 'C1', statement: 'adds', command: 'true' }] }),
    finished('implement', { phase: 'implement', summary: 'done', files: [{ path: 'calc.py', lines: 3 }, { path: 'cli.py', lines: 3 }] } as PhaseResult),
    finished('review', { phase: 'review', findings }),
    finished('revise', { phase: 'revise', summary: 'fixed', files: revisedFiles.map((p) => ({ path: p, lines: 3 })) }),
    ev({ type: 'test_round', round: 1, results: [{ id: 'C1', passed: true, exitCode: 0, durationMs: 1, tail: '' }] }),
    finished('test', { phase: 'test', rounds: 1, passed: ['C1'], failed: [], summary: 'ok' }),
  ]));
}

const error: Finding = { file: 'cli.py', line: 4, severity: 'error', finding: 'crashes on empty input', suggestion: 'check it' };
const info: Finding = { file: 'cli.py', line: 1, severity: 'info', finding: 'a docstring would help', suggestion: '' };

describe('the report', () => {
  it('says a review error in a file the revise pass did not change is still open', () => {
    const r = run([error, info], ['calc.py']);
    expect(r.verdict).toBe('passed');
    expect(r.headline).toBe('1 of 1 acceptance criteria passed in the first round. 1 review error is still open.');
    expect(r.openFindings).toBe(1);
    expect(r.problems).toEqual(['Open error in cli.py:4 (the revise pass did not change the file): crashes on empty input']);
  });

  it('counts a finding as addressed once revise changed its file, and info findings never', () => {
    const r = run([error, info], ['cli.py']);
    expect(r.headline).toBe('1 of 1 acceptance criteria passed in the first round.');
    expect(r.openFindings).toBe(0);
    expect(r.problems).toEqual([]);
  });
});
