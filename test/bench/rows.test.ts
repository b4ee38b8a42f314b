// The benchmark table's rows: a sample still running has no time yet (not
// "finished, 0.0 s"), and one a stopped server left running says so.
import { describe, expect, it } from 'vitest';
import { buildRows, sortRows, type BenchList } from '../../components/bench/rows';
import { emptySample, type BenchmarkResult } from '../../lib/bench/types';

const result = (status: BenchmarkResult['status']): BenchmarkResult => ({
  id: 'b1', startedAt: 1, status, reqs: ['req_01'], runners: ['code-assistant'], samples: 1, notes: [],
  runs: [emptySample('req_01', 'code-assistant', 'qwen2.5-coder:14b', 1, '/tmp/w')],
});
const list = (r: BenchmarkResult): BenchList => ({ results: [r], aggregates: [], reference: [], active: null, requirements: [], runners: [] });

describe('benchmark rows', () => {
  it('show a running sample as running with no time', () => {
    const [row] = buildRows(list(result('running')));
    expect(row).toMatchObject({ status: 'running', timeS: null, source: 'mine' });
    // Sorting by time puts rows without one first, and does not throw.
    expect(sortRows([row!, { ...row!, key: 'x', timeS: 3 }], 'timeS', 1).map((r) => r.timeS)).toEqual([null, 3]);
  });

  it('show a sample left running by a stopped benchmark as interrupted', () => {
    expect(buildRows(list(result('cancelled')))[0]).toMatchObject({ status: 'interrupted', timeS: null });
  });
});
