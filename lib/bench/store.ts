// One JSON file per benchmark run under <data dir>/bench/: no migration, easy
// to copy between machines, rewritten atomically after every sample.
import fs from 'node:fs';
import path from 'node:path';
import { passAtK } from './passk';
import type { BenchmarkResult, SampleFigures } from './types';

export const benchDir = (dataDir: string) => path.join(dataDir, 'bench');

const ID = /^b-[a-z0-9-]+$/;

export function newBenchId(): string {
  return `b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function saveResult(dataDir: string, r: BenchmarkResult): void {
  fs.mkdirSync(benchDir(dataDir), { recursive: true });
  const file = path.join(benchDir(dataDir), `${r.id}.json`);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(r, null, 1));
  fs.renameSync(`${file}.tmp`, file);
}

export function loadResult(dataDir: string, id: string): BenchmarkResult | null {
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(benchDir(dataDir), `${id}.json`), 'utf8')) as BenchmarkResult;
  } catch {
    return null;
  }
}

/** Every stored benchmark, newest first; unreadable files are skipped. */
export function listResults(dataDir: string): BenchmarkResult[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(benchDir(dataDir)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((f) => loadResult(dataDir, f.slice(0, -5))).filter((r): r is BenchmarkResult => !!r).sort((a, b) => b.startedAt - a.startedAt);
}

/** Samples that count for pass@k: judged by the hidden suite, not cancelled or skipped. */
export const counts = (s: SampleFigures) => (s.status === 'finished' || s.status === 'failed') && !s.missingDeps?.length;

export interface Aggregate {
  req: string;
  runner: string;
  model: string;
  n: number;
  c: number;
  passAt1: number;
  passAtN: number;
  samples: SampleFigures[];
}

/** pass@1 and pass@n per (task, runner, model) over the given samples. */
export function aggregate(samples: SampleFigures[]): Aggregate[] {
  const groups = new Map<string, SampleFigures[]>();
  for (const s of samples) {
    const k = `${s.req}\u0000${s.runner}\u0000${s.model}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.values()].map((g) => {
    const judged = g.filter(counts);
    const n = judged.length;
    const c = judged.filter((s) => s.passed).length;
    return { req: g[0]!.req, runner: g[0]!.runner, model: g[0]!.model, n, c, passAt1: n ? passAtK(n, c, 1) : NaN, passAtN: n ? passAtK(n, c, n) : NaN, samples: g };
  });
}
