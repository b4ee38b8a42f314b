// Benchmarks started from the dashboard run detached from the request, one at
// a time (local models must not compete for memory); kept on globalThis so
// every route bundle sees the same one.
import type { App } from '../app';
import { runBenchmark } from './run';
import { newBenchId } from './store';
import type { BenchOptions } from './types';

interface Active {
  id: string;
  ctl: AbortController;
  message: string;
  done: Promise<unknown>;
}

const KEY = Symbol.for('code-assistant.bench.active');
type G = typeof globalThis & { [KEY]?: Active | null };
const g = globalThis as G;

export function activeBenchmark(): { id: string; message: string } | null {
  const a = g[KEY];
  return a ? { id: a.id, message: a.message } : null;
}

/** Starts a benchmark in the background; null when one is already running. */
export function startBenchmark(app: App, opts: BenchOptions): string | null {
  if (g[KEY]) return null;
  const id = newBenchId();
  const ctl = new AbortController();
  const a: Active = { id, ctl, message: 'starting', done: Promise.resolve() };
  g[KEY] = a;
  a.done = runBenchmark(app, opts, { id, signal: ctl.signal, onProgress: (_, m) => (a.message = m) })
    .catch((e) => console.error('benchmark failed', e))
    .finally(() => {
      if (g[KEY] === a) g[KEY] = null;
    });
  return id;
}

export function cancelBenchmark(id: string): boolean {
  const a = g[KEY];
  if (!a || a.id !== id) return false;
  a.ctl.abort();
  return true;
}
