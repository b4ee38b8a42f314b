// A small pool of parse workers, kept for a while between runs (grammars
// loaded, code warm) and unref'd so it never holds the process open. The
// calling thread parses too: one worker fewer than the cores costs a worker's
// memory (~60 MB) less for the same parallelism. When workers cannot start,
// the caller finishes on its own thread.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { processFile, type FileJob, type Outcome } from './process';

const IDLE_MS = 60_000;
// Chunk sizes: big enough to amortise a message round trip, small enough to balance the threads.
const MAX_CHUNK_BYTES = 64_000;
const MIN_CHUNK_BYTES = 8_000;
const MAX_CHUNK_FILES = 32;
// Under tsx or vitest the code runs from TypeScript sources, and the worker
// must register tsx before it can load worker.ts (`--import tsx` in execArgv
// does not reach a worker's entry module on Node 20). Next bundles worker.ts
// into its own chunk instead. (import.meta.url cannot tell: Turbopack sets it
// to the source path.)
const fromSources = !!process.env.VITEST || process.execArgv.some((a) => a.includes('tsx'));

interface Slot {
  worker: Worker;
}

export class ParsePool {
  private slots: Slot[] = [];
  private idle: ReturnType<typeof setTimeout> | null = null;
  /** Message ids are unique across runs: two workspaces may index at once. */
  private nextId = 1;
  private running = 0;
  readonly warnings = new Set<string>();

  constructor(readonly size: number) {}

  private spawn(): Slot {
    const worker = fromSources
      ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url.replace(/pool\.ts$/, 'worker.ts'))}); })`, { eval: true })
      : new Worker(new URL('./worker.ts', import.meta.url));
    worker.unref();
    const slot: Slot = { worker };
    // Always listened to: an 'error' event with no listener would crash the server.
    worker.on('error', () => {
      this.slots = this.slots.filter((s) => s !== slot);
    });
    return slot;
  }

  /** Start the workers and load the grammars of `languages` in each. */
  async warm(languages: string[]): Promise<void> {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    const jobs = languages.map((language) => ({ rel: 'x', abs: '/dev/null', language, mtimeMs: 0, size: 0 }) as FileJob);
    await Promise.all(this.slots.map((s) => this.send(s, jobs)));
  }

  private send(slot: Slot, jobs: FileJob[]): Promise<Outcome[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; outcomes: Outcome[]; warnings: string[] }) => {
        if (m.id !== id) return;
        cleanup();
        m.warnings.forEach((w) => this.warnings.add(w));
        resolve(m.outcomes);
      };
      const onError = (e: Error | number) => {
        cleanup();
        this.slots = this.slots.filter((s) => s !== slot);
        reject(typeof e === 'number' ? new Error(`parse worker exited (code ${e})`) : e);
      };
      const cleanup = () => {
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onError);
      };
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onError);
      slot.worker.postMessage({ id, jobs });
    });
  }

  /**
   * Process `jobs` in chunks across the workers and this thread; `onChunk`
   * gets each chunk's outcomes as they arrive (in any order). Rejects if a
   * worker dies (chunks not reported are then unprocessed).
   */
  async run(jobs: FileJob[], onChunk: (jobs: FileJob[], outcomes: Outcome[]) => void, signal?: AbortSignal): Promise<void> {
    if (this.idle) clearTimeout(this.idle);
    this.running++;
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    // Chunks shrink as the work runs out, so the threads finish together
    // instead of one waiting out the other's last chunk (a 64 KB chunk is ~5%
    // of the parse floor of 100k lines). Files stay in walk order: largest
    // first put the biggest trees in both threads at once (peak memory).
    const queue = jobs;
    let remaining = queue.reduce((a, j) => a + j.size, 0);
    const threads = this.slots.length + 1;
    let next = 0;
    const take = (): FileJob[] | null => {
      if (next >= queue.length) return null;
      const target = Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, remaining / (threads * 4)));
      const chunk: FileJob[] = [];
      let bytes = 0;
      while (next < queue.length && chunk.length < MAX_CHUNK_FILES && bytes < target) {
        const j = queue[next++];
        chunk.push(j);
        bytes += j.size;
      }
      remaining -= bytes;
      return chunk;
    };
    let failure: unknown = null;
    // Each worker pulls the next chunk when it is done; the first failure stops them all.
    const drive = async (slot: Slot) => {
      try {
        for (let c = take(); c && !failure; c = take()) {
          signal?.throwIfAborted();
          onChunk(c, await this.send(slot, c));
        }
      } catch (e) {
        failure ??= e;
      }
    };
    // This thread takes chunks too, yielding between files so a server stays responsive.
    const local = async () => {
      try {
        for (let c = take(); c && !failure; c = take()) {
          signal?.throwIfAborted();
          const outs: Outcome[] = [];
          for (const job of c) {
            outs.push(await processFile(job));
            await new Promise((r) => setImmediate(r));
          }
          onChunk(c, outs);
        }
      } catch (e) {
        failure ??= e;
      }
    };
    try {
      // Two chunks in flight per worker: it can start the next one while this
      // thread, busy parsing its own, has not yet read the answer.
      await Promise.all([...this.slots.flatMap((s) => [drive(s), drive(s)]), local()]);
    } finally {
      if (--this.running === 0) {
        this.idle = setTimeout(() => this.close(), IDLE_MS);
        this.idle.unref();
      }
    }
    if (failure) throw failure;
  }

  close(): void {
    for (const s of this.slots) void s.worker.terminate();
    this.slots = [];
  }
}

/** Workers besides the calling thread: one per remaining core, at most three. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
}
