// Chunks wait here until a full batch is ready; then one /api/embed call goes
// out and the indexer keeps chunking while it is in flight, so with a real
// (slow) embedding model our own work hides behind the model's. One call at
// a time: Ollama runs embeddings of one model one request after another anyway.
import { embed } from './embed';

export class EmbedQueue<T> {
  private queue: { item: T; input: string }[] = [];
  private inFlight: Promise<void> | null = null;
  private error: unknown = null;
  calls = 0;
  embedded = 0;
  /** Time the indexer sat waiting for an embedding call (not overlapped by its own work). */
  waitMs = 0;

  constructor(
    private readonly opts: { host: string; model: string; batch: number; signal?: AbortSignal },
    /** Called with each batch's vectors, in the order the items were added. */
    private readonly onVectors: (items: T[], vectors: number[][]) => Promise<void>,
  ) {}

  /** Queue one input; sends a batch once one is full (after the previous call has returned). */
  async add(item: T, input: string): Promise<void> {
    this.queue.push({ item, input });
    while (this.queue.length >= this.opts.batch) await this.launch();
  }

  /** Send what is left and wait for everything; throws the first embedding error. */
  async finish(): Promise<void> {
    while (this.queue.length) await this.launch();
    await this.settle();
  }

  /** After a failure elsewhere: let the call in flight land (its finished files are kept), ignoring its error. */
  async abandon(): Promise<void> {
    await this.inFlight;
  }

  private async launch(): Promise<void> {
    await this.settle();
    const items = this.queue.splice(0, this.opts.batch);
    // Errors are kept, not thrown here: nobody awaits this promise until the next settle().
    this.inFlight = this.send(items).catch((e) => {
      this.error ??= e;
    });
  }

  private async send(items: { item: T; input: string }[]): Promise<void> {
    const { host, model, signal } = this.opts;
    const vectors = await embed(host, model, items.map((i) => i.input), signal);
    this.calls++;
    this.embedded += items.length;
    await this.onVectors(items.map((i) => i.item), vectors);
  }

  private async settle(): Promise<void> {
    if (this.inFlight) {
      const t = performance.now();
      await this.inFlight;
      this.waitMs += performance.now() - t;
      this.inFlight = null;
    }
    if (this.error) throw this.error;
  }
}
