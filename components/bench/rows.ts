// One table row per sample (ours) or per published result (the article's),
// in a shape the table, the comparison and the charts all share.
import type { Aggregate } from '@/lib/bench/store';
import type { ReferenceRow } from '@/lib/bench/reference';
import type { BenchmarkResult, SampleFigures } from '@/lib/bench/types';

// Type-only imports: erased at build, so no server module reaches the bundle.
export type AggregateView = Omit<Aggregate, 'samples'>;

export interface BenchList {
  results: BenchmarkResult[];
  aggregates: AggregateView[];
  reference: ReferenceRow[];
  active: { id: string; message: string } | null;
  requirements: string[];
  runners: string[];
}

export interface Row {
  key: string;
  source: 'mine' | 'article';
  benchId?: string;
  sample?: SampleFigures;
  req: string;
  runner: string;
  model: string;
  /** finished, running, failed, cancelled, interrupted (a stopped server left it running), or published (the article's). */
  status: string;
  /** Null while the sample runs (or when a stop cut it off): there is no time to show. */
  timeS: number | null;
  apiCalls: number;
  linesWritten: number;
  /** The run's own tests that passed; null when none were collected. */
  testsPassed: number | null;
  syntaxErrors: number;
  accPassed: number | null;
  accTotal: number | null;
  /** pass@1 of the row's (task, runner, model) over every stored sample. */
  passAt1: number | null;
  passN: number;
}

export const TASKS: Record<string, string> = { req_01: 'Calculator', req_02: 'Todo API', req_03: 'Log Analyser' };

export function buildRows(d: BenchList): Row[] {
  const agg = new Map(d.aggregates.map((a) => [`${a.req}|${a.runner}|${a.model}`, a]));
  const mine: Row[] = d.results.flatMap((r) => r.runs.map((s) => {
    const a = agg.get(`${s.req}|${s.runner}|${s.model}`);
    return {
      key: `${r.id}/${s.req}/${s.runner}/${s.sample}`, source: 'mine' as const, benchId: r.id, sample: s,
      req: s.req, runner: s.runner, model: s.model,
      // A sample left 'running' in a result that is no longer running was cut off by a stop.
      status: s.status === 'running' && r.status !== 'running' ? 'interrupted' : s.status,
      timeS: s.status === 'running' ? null : s.wallMs / 1000, apiCalls: s.modelCalls,
      linesWritten: s.linesWritten, testsPassed: s.ownTests ? s.ownTests.passed : null, syntaxErrors: s.syntaxErrors,
      accPassed: s.acceptance?.passed ?? null, accTotal: s.acceptance?.total ?? null,
      passAt1: a && a.n ? a.passAt1 : null, passN: a?.n ?? 0,
    };
  }));
  const article: Row[] = d.reference.map((x, i) => ({
    key: `article/${i}`, source: 'article', req: x.req, runner: x.runner, model: x.model, status: 'published',
    timeS: x.timeS, apiCalls: x.apiCalls, linesWritten: x.linesWritten, testsPassed: x.testsPassed, syntaxErrors: x.syntaxErrors,
    accPassed: null, accTotal: null, passAt1: null, passN: 0,
  }));
  return [...mine, ...article];
}

export type SortKey = 'req' | 'runner' | 'model' | 'timeS' | 'apiCalls' | 'linesWritten' | 'testsPassed' | 'syntaxErrors' | 'accPassed' | 'passAt1';

export function sortRows(rows: Row[], key: SortKey, dir: 1 | -1): Row[] {
  return [...rows].sort((a, b) => {
    const x = a[key] ?? -Infinity;
    const y = b[key] ?? -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}

export const fmtNum = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const fmtPass = (p: number | null, n: number) => (p === null || Number.isNaN(p) ? '—' : `${p.toFixed(2)} (n=${n})`);
