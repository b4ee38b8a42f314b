// Benchmarks started from the dashboard run detached from the request, one at
// a time (local models must not compete for memory). A member of the app.
import type { App, Benchmarks } from '../ports';
import { runBenchmark } from './run';
import { newBenchId } from './store';
import type { BenchOptions } from './types';

interface Active {
  id: string;
  ctl: AbortController;
  message: string;
}

export class BenchmarkSlot implements Benchmarks {
  private current: Active | null = null;

  constructor(private app: App) {}

  active(): { id: string; message: string } | null {
    const a = this.current;
    return a ? { id: a.id, message: a.message } : null;
  }

  /** Starts a benchmark in the background; null when one is already running. */
  start(opts: BenchOptions): string | null {
    if (this.current) return null;
    const a: Active = { id: newBenchId(), ctl: new AbortController(), message: 'starting' };
    this.current = a;
    void runBenchmark(this.app, opts, { id: a.id, signal: a.ctl.signal, onProgress: (_, m) => (a.message = m) })
      .catch((e) => console.error('benchmark failed', e))
      .finally(() => {
        if (this.current === a) this.current = null;
      });
    return a.id;
  }

  cancel(id: string): boolean {
    if (this.current?.id !== id) return false;
    this.current.ctl.abort();
    return true;
  }
}
