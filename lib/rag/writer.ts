// Writes to Chroma in the background while the next batch is chunked and
// embedded. Whole files only: a file's new chunks, metadata updates and
// removals travel in one write set, so an interrupted run never leaves a file
// half-replaced. Batches are large on purpose: Chroma handles many small
// writes far worse than a few big ones (measured: 100-record batches were 7x
// slower than 250-record ones).
import { applyWrites, type Target, type WriteSet } from './store';

const FLUSH_RECORDS = 500;
const MAX_IN_FLIGHT = 2;

export class Writer {
  private buf: WriteSet = { add: [], update: [], remove: [] };
  private inFlight = new Set<Promise<void>>();
  private error: unknown = null;
  /** Wall time with at least one write in flight (overlapping chunking and embedding). */
  writeMs = 0;
  private busyFrom = 0;

  constructor(private target: Target) {}

  private get size(): number {
    return this.buf.add.length + this.buf.update.length + this.buf.remove.length;
  }

  /** Queue one file's writes; waits only when Chroma is behind. */
  async push(w: WriteSet): Promise<void> {
    this.check();
    this.buf.add.push(...w.add);
    this.buf.update.push(...w.update);
    this.buf.remove.push(...w.remove);
    if (this.size >= FLUSH_RECORDS) await this.flush();
  }

  private async flush(): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
    this.check();
    if (!this.size) return;
    const w = this.buf;
    this.buf = { add: [], update: [], remove: [] };
    if (!this.inFlight.size) this.busyFrom = performance.now();
    const p = applyWrites(this.target, w)
      .catch((e) => {
        this.error ??= e;
      })
      .finally(() => {
        this.inFlight.delete(p);
        if (!this.inFlight.size) this.writeMs += performance.now() - this.busyFrom;
      });
    this.inFlight.add(p);
  }

  /** Write everything queued and wait; throws the first write error. */
  async drain(): Promise<void> {
    await this.flush();
    await Promise.all(this.inFlight);
    this.check();
  }

  private check(): void {
    if (this.error) throw this.error;
  }
}
