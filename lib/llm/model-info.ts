// What a model can do, as its Ollama host reports it (/api/show): whether it
// takes native tool calls, and the context length it was trained for. Asked
// once per model per host and kept for the life of the app (a member of the
// host's arbiter, so of the app object); a model that answers a chat request
// with "does not support tools" is remembered as such even when /api/show
// could not tell.
import { client } from './client';

export interface ModelInfo {
  model: string;
  /** As /api/show lists them (`completion`, `tools`, `embedding`, ...); empty from an Ollama too old to say. */
  capabilities: string[];
  /** false: calls go through the text tool protocol. null: unknown (old Ollama), try native. */
  tools: boolean | null;
  /** model_info["<arch>.context_length"], when reported. */
  contextLength?: number;
}

/** Ollama's answer to a chat request with `tools` for a model without tool support (HTTP 400). */
export function isNoToolsError(message: string | undefined): boolean {
  return !!message && /does not support tools/i.test(message);
}

/** The context length out of an /api/show `model_info`: `<general.architecture>.context_length`, else any `*.context_length`. */
export function contextLengthOf(modelInfo: Record<string, unknown> | undefined): number | undefined {
  if (!modelInfo || typeof modelInfo !== 'object') return undefined;
  const arch = modelInfo['general.architecture'];
  const exact = typeof arch === 'string' ? modelInfo[`${arch}.context_length`] : undefined;
  const any = Object.entries(modelInfo).find(([k]) => k.endsWith('.context_length'))?.[1];
  const n = exact ?? any;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

const norm = (m: string) => (m.includes(':') ? m : `${m}:latest`);

export class ModelInfoCache {
  private known = new Map<string, ModelInfo>();
  private pending = new Map<string, Promise<ModelInfo | null>>();
  /** Models a chat request proved to lack tools (kept apart so a later /api/show cannot undo it). */
  private noTools = new Set<string>();

  constructor(private host: string, private timeoutMs = 5000) {}

  /**
   * What the model can do; null when the host could not say (unreachable,
   * not pulled): not cached, so the next call asks again. Concurrent callers
   * share one request.
   */
  async get(model: string): Promise<ModelInfo | null> {
    const key = norm(model);
    const hit = this.peek(key);
    if (hit) return hit;
    let p = this.pending.get(key);
    if (!p) {
      p = this.fetch(key).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    const got = await p;
    return got ? (this.peek(key) ?? null) : null;
  }

  /** The cached answer, without asking (for the status page and sync budgets). */
  peek(model: string): ModelInfo | undefined {
    const key = norm(model);
    const info = this.known.get(key);
    if (this.noTools.has(key)) return { ...(info ?? { model: key, capabilities: [] }), tools: false };
    return info;
  }

  /** Whether to send `tools` natively: false only when the model is known to lack them. */
  async nativeTools(model: string): Promise<boolean> {
    return (await this.get(model))?.tools !== false;
  }

  /** The host answered "does not support tools" for this model. */
  markNoTools(model: string): void {
    this.noTools.add(norm(model));
  }

  /** Every model asked about so far. */
  all(): ModelInfo[] {
    const names = new Set([...this.known.keys(), ...this.noTools]);
    return [...names].map((n) => this.peek(n)!).filter(Boolean);
  }

  private async fetch(key: string): Promise<ModelInfo | null> {
    try {
      const show = await client(this.host, AbortSignal.timeout(this.timeoutMs)).show({ model: key });
      const caps = Array.isArray(show.capabilities) ? show.capabilities.filter((c): c is string => typeof c === 'string') : [];
      const info: ModelInfo = {
        model: key,
        capabilities: caps,
        tools: caps.length ? caps.includes('tools') : null,
        contextLength: contextLengthOf(show.model_info as unknown as Record<string, unknown>),
      };
      this.known.set(key, info);
      return info;
    } catch {
      return null;
    }
  }
}
