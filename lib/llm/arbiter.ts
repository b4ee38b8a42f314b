// One owner of model residency per Ollama host, for chat turns, pipelines
// and benchmarks alike. A caller leases a model for one model call (or a run
// of calls); leases of the same model share it, and a model that would push
// the host over max_resident_models waits, first come first served, until a
// lease ends. A waiting run says so (a `model_wait` warning), so a chat turn
// started during a pipeline shows that it waits for the pipeline's model.
import type { EventBody } from '../runs/events';
import { ModelInfoCache } from './model-info';
import { sameModel } from './models';
import { Residency, type ResidencyOptions } from './residency';

type Emit = (body: EventBody) => unknown;

export interface LeaseRequest {
  model: string;
  numCtx: number;
  /** Who asks, for the waiting message: "the pipeline", "a chat turn", "a benchmark". */
  owner: string;
  emit: Emit;
  signal?: AbortSignal;
}

export interface ModelLease {
  model: string;
  /** Ends the lease; the model stays loaded until another needs the room. Idempotent. */
  release(): void;
}

interface Held {
  model: string;
  count: number;
  owners: string[];
  /** Resolves when the model is loaded (a second lease waits for the first one's load). */
  ready: Promise<void>;
}

interface Waiter {
  req: LeaseRequest;
  resolve: (lease: ModelLease) => void;
  reject: (err: unknown) => void;
  told: boolean;
}

export class ModelArbiter {
  readonly residency: Residency;
  /** What each model on this host can do (/api/show), asked once per model. */
  readonly info: ModelInfoCache;
  private held: Held[] = [];
  private queue: Waiter[] = [];
  private peak = 0;

  constructor(private opts: ResidencyOptions & { max: number }) {
    this.residency = new Residency(opts);
    this.info = new ModelInfoCache(opts.host);
  }

  /** max_resident_models on this host. */
  get max(): number {
    return this.opts.max;
  }

  get keepAlive(): string {
    return this.residency.keepAliveValue;
  }

  /** Most models leased at once since start (what max_resident_models bounds). */
  get peakLeased(): number {
    return this.peak;
  }

  /** The chat model loaded last by us, if Ollama still has it as far as we know. */
  get lastResident(): string | null {
    return this.residency.resident;
  }

  acquire(req: LeaseRequest): Promise<ModelLease> {
    return new Promise<ModelLease>((resolve, reject) => {
      if (req.signal?.aborted) return reject(abortError());
      const w: Waiter = { req, resolve, reject, told: false };
      this.queue.push(w);
      req.signal?.addEventListener('abort', () => this.drop(w), { once: true });
      this.pump();
    });
  }

  /** With nothing leased or waiting, unload every chat model (give the memory back). */
  async releaseIdle(emit: Emit): Promise<void> {
    if (this.held.length || this.queue.length) return;
    await this.residency.release(emit).catch(() => this.residency.forget());
  }

  /** Ollama went away and may come back empty. */
  forget(): void {
    this.residency.forget();
  }

  private drop(w: Waiter): void {
    const i = this.queue.indexOf(w);
    if (i < 0) return;
    this.queue.splice(i, 1);
    w.reject(abortError());
    this.pump();
  }

  /** Serve waiters in order while the head fits; tell a head that cannot why it waits. */
  private pump(): void {
    while (this.queue.length) {
      const w = this.queue[0]!;
      const same = this.held.find((h) => sameModel(h.model, w.req.model));
      if (!same && this.held.length >= this.opts.max) {
        if (!w.told) {
          w.told = true;
          const busy = this.held.map((h) => `${h.owners[0]}'s model ${h.model}`).join(' and ');
          w.req.emit({ type: 'warning', code: 'model_wait', message: `Waiting for ${busy} to finish its call before ${w.req.model} can load (max_resident_models = ${this.opts.max}).` });
        }
        return;
      }
      this.queue.shift();
      this.grant(w, same);
    }
  }

  private grant(w: Waiter, same: Held | undefined): void {
    const { req } = w;
    let held = same;
    if (!held) {
      const others = this.held.map((h) => h.model);
      // No signal: another lease may share this load; a stopped caller just lets go of it.
      const ready = this.residency.ensure(req.model, req.numCtx, req.emit, undefined, others);
      held = { model: req.model, count: 0, owners: [], ready };
      this.held.push(held);
      this.peak = Math.max(this.peak, this.held.length);
    }
    const h = held;
    h.count++;
    h.owners.push(req.owner);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      h.count--;
      h.owners.splice(h.owners.indexOf(req.owner), 1);
      if (h.count === 0) this.held = this.held.filter((x) => x !== h);
      this.pump();
    };
    h.ready.then(
      () => {
        if (!req.signal?.aborted) return w.resolve({ model: req.model, release });
        release();
        w.reject(abortError());
      },
      (err) => {
        release();
        w.reject(err);
      },
    );
  }
}

function abortError(): Error {
  return Object.assign(new Error('stopped'), { name: 'AbortError' });
}

/** One arbiter per Ollama host, made on first use (a member of the app object). */
export class ModelHosts {
  private hosts = new Map<string, ModelArbiter>();

  /** `settings` is read when a host is first used: max_resident_models and the embedding model that may stay. */
  constructor(private settings: () => { max: number; keep: string[] }) {}

  forHost(host: string): ModelArbiter {
    let a = this.hosts.get(host);
    if (!a) this.hosts.set(host, (a = new ModelArbiter({ host, ...this.settings() })));
    return a;
  }

  /** Every host's idle chat model given back (the pipeline queue ran empty); hosts in use keep theirs. */
  async releaseIdle(emit: Emit): Promise<void> {
    await Promise.all([...this.hosts.values()].map((a) => a.releaseIdle(emit)));
  }

  /** Most chat models leased at once on any host (max_resident_models bounds it). */
  peakLeased(): number {
    return Math.max(0, ...[...this.hosts.values()].map((a) => a.peakLeased));
  }
}
