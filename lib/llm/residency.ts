// Model residency on one Ollama host: at most `max` chat models in memory
// (default one, so a 32 GB machine without VRAM can run 7b + 14b). Before a
// chat model loads beyond that, another resident chat model is unloaded
// (keep_alive 0) and the unload is confirmed through /api/ps; the embedding
// model may stay. Every load and unload is reported with its duration.
// Who may load what, and when, is the arbiter's call (arbiter.ts).
import type { EventBody } from '../runs/events';
import { client, describeOllamaError } from './client';
import { sameModel } from './models';

/** Ollama cannot be reached (or broke off): worth retrying after a pause. */
export class OllamaUnavailableError extends Error {}

export interface ResidencyOptions {
  host: string;
  /** Models that may stay resident beside the chat model (the embedding model). */
  keep: string[];
  /** keep_alive for loads and chat requests; see KEEP_ALIVE. */
  keepAlive?: string;
  /** How long to wait for /api/ps to stop listing an unloaded model. */
  confirmTimeoutMs?: number;
  /** Chat models that may be resident at once (max_resident_models). */
  max?: number;
}

/**
 * Long enough that a model is not dropped while criteria commands run between
 * two calls (an implicit reload would be untracked), short enough that a
 * crashed run does not pin gigabytes for the rest of the day. Never -1.
 */
export const KEEP_ALIVE = '30m';
const POLL_MS = 100;

type Emit = (body: EventBody) => unknown;

export class Residency {
  /** The chat model we loaded and believe resident. */
  private current: string | null = null;
  private readonly keepAlive: string;

  constructor(private opts: ResidencyOptions) {
    this.keepAlive = opts.keepAlive ?? KEEP_ALIVE;
  }

  get keepAliveValue(): string {
    return this.keepAlive;
  }

  get resident(): string | null {
    return this.current;
  }

  /** Forget what we believe (after Ollama went away: it may have restarted empty). */
  forget(): void {
    this.current = null;
  }

  /**
   * Make `model` resident. The same model back to back is free; a switch
   * unloads others first (never those in `protect`, which are in use), then
   * loads and times `model`. With max 1 every other chat model goes.
   */
  async ensure(model: string, numCtx: number, emit: Emit, signal?: AbortSignal, protect: readonly string[] = []): Promise<void> {
    if (this.current && sameModel(this.current, model)) return;
    if ((this.opts.max ?? 1) > 1) return this.ensureAmong(model, numCtx, emit, signal, protect);
    // Unloading the model we know of also lists what else is resident (one /api/ps fewer per switch).
    let resident = this.current ? await this.unload(this.current, emit, signal) : await this.residentChatModels(signal);
    for (const m of resident) if (!sameModel(m, model)) resident = await this.unload(m, emit, signal);
    await this.load(model, numCtx, emit, signal);
  }

  /** Several may stay: unload only what is over `max`, oldest first, none that is protected. */
  private async ensureAmong(model: string, numCtx: number, emit: Emit, signal: AbortSignal | undefined, protect: readonly string[]): Promise<void> {
    let resident = await this.residentChatModels(signal);
    if (resident.some((m) => sameModel(m, model))) {
      this.current = model;
      return;
    }
    const spare = resident.filter((m) => !protect.some((p) => sameModel(p, m)));
    while (resident.length >= (this.opts.max ?? 1) && spare.length) resident = await this.unload(spare.shift()!, emit, signal);
    await this.load(model, numCtx, emit, signal);
  }

  private async load(model: string, numCtx: number, emit: Emit, signal?: AbortSignal): Promise<void> {
    const t0 = performance.now();
    try {
      // An empty prompt loads the model and returns; num_ctx must match the
      // chat calls, or Ollama reloads the runner on the first of them.
      await client(this.opts.host, signal).generate({ model, prompt: '', keep_alive: this.keepAlive, options: { num_ctx: numCtx }, stream: false });
    } catch (err) {
      throw this.wrap(err, model);
    }
    this.current = model;
    emit({ type: 'model_load', model, durationMs: Math.round(performance.now() - t0) });
  }

  /** Unload every resident chat model (the pipeline queue is empty: give the memory back). */
  async release(emit: Emit): Promise<void> {
    let resident = this.current ? await this.unload(this.current, emit) : await this.residentChatModels();
    this.current = null;
    for (const m of resident) resident = await this.unload(m, emit);
  }

  /** Unloads `model` and waits until /api/ps no longer lists it; returns the chat models still resident. */
  private async unload(model: string, emit: Emit, signal?: AbortSignal): Promise<string[]> {
    const t0 = performance.now();
    const c = client(this.opts.host, signal);
    try {
      await c.generate({ model, prompt: '', keep_alive: 0, stream: false });
    } catch (err) {
      throw this.wrap(err, model);
    }
    if (this.current && sameModel(this.current, model)) this.current = null;
    // Ollama answers before the runner has exited; /api/ps is the truth.
    const deadline = Date.now() + (this.opts.confirmTimeoutMs ?? 15_000);
    let resident: string[];
    for (;;) {
      resident = await this.residentChatModels(signal);
      const still = resident.some((m) => sameModel(m, model));
      if (!still) break;
      if (Date.now() > deadline) {
        emit({ type: 'warning', code: 'unload_unconfirmed', message: `Ollama still lists ${model} as loaded ${Math.round((this.opts.confirmTimeoutMs ?? 15_000) / 1000)} s after it was asked to unload it; two models may be in memory.` });
        break;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    emit({ type: 'model_unload', model, durationMs: Math.round(performance.now() - t0) });
    return resident.filter((m) => !sameModel(m, model));
  }

  /** Chat models in /api/ps (models in `keep`, and embedding models, excluded). */
  private async residentChatModels(signal?: AbortSignal): Promise<string[]> {
    try {
      const ps = await client(this.opts.host, signal).ps();
      return ps.models.map((m) => m.name).filter((n) => !this.opts.keep.some((k) => sameModel(k, n)) && !/embed/i.test(n));
    } catch (err) {
      throw this.wrap(err);
    }
  }

  private wrap(err: unknown, model?: string): Error {
    if (signal(err)) return err as Error;
    const message = describeOllamaError(err, this.opts.host, model);
    return /not reachable|stopped answering/i.test(message) ? new OllamaUnavailableError(message) : new Error(message);
  }
}

/** An abort is the caller's own doing: pass it through unchanged. */
function signal(err: unknown): boolean {
  return (err as Error)?.name === 'AbortError';
}
