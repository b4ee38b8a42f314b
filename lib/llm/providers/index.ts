// Model servers (issue 13): the built-in provider (ollama_host) and the
// machine config's [providers.NAME], each a HostPool of one kind. A member of
// the app object; `route()` gives a persona's calls their path.
import type { Config, PersonaModelKey, ProviderConfig } from '../../config/schema';
import type { LeaseRequest, ModelHosts, ModelLease } from '../arbiter';
import type { ModelInfo } from '../model-info';
import { HostPool } from './hosts';
import { ollamaDriver } from './ollama';
import { openaiDriver } from './openai';
import type { ModelInfoSource, ModelRoute, ProviderKind, ProviderStatus, RouteCall, RoutedResult } from './types';

export type { ModelRoute, ProviderStatus, HostStatus, RoutedResult } from './types';

/** The name the built-in provider (ollama_host) goes by. */
export const BUILT_IN = 'ollama_host';

export const PROVIDER_KEYS = ['architect_provider', 'implementer_provider', 'reviewer_provider', 'tester_provider', 'quick_provider'] as const;
type ProviderKey = (typeof PROVIDER_KEYS)[number];

/** The provider key beside a persona's model key (implementer_model -> implementer_provider); embeddings stay on ollama_host. */
export function providerKeyFor(modelKey: PersonaModelKey): ProviderKey | null {
  const k = modelKey.replace(/_model$/, '_provider');
  return (PROVIDER_KEYS as readonly string[]).includes(k) ? (k as ProviderKey) : null;
}

const DRIVERS = { ollama: ollamaDriver, openai: openaiDriver } as const;

/** An openai-kind server says nothing of tool support up front: native until refused, as with an old Ollama. */
class RefusalInfo implements ModelInfoSource {
  private noTools = new Set<string>();
  constructor(private pool: HostPool) {}
  async get(model: string): Promise<ModelInfo | null> {
    await this.pool.contextLength(model);
    return this.peek(model) ?? null;
  }
  /** Tools: refused once, or unknown (try native); the context window the server reports, if any. */
  peek(model: string): ModelInfo | undefined {
    const contextLength = this.pool.peekContextLength(model);
    if (!this.noTools.has(model) && contextLength === undefined) return undefined;
    return { model, capabilities: [], tools: this.noTools.has(model) ? false : null, ...(contextLength ? { contextLength } : {}) };
  }
  async nativeTools(model: string): Promise<boolean> {
    return !this.noTools.has(model);
  }
  markNoTools(model: string): void {
    this.noTools.add(model);
  }
}

interface Provider {
  name: string;
  kind: ProviderKind;
  pool: HostPool;
  apiKey: string;
  info?: RefusalInfo;
}

export class Providers {
  /** Keyed by name and definition, so an edited machine config gets fresh pools. */
  private made = new Map<string, Provider>();

  constructor(private models: ModelHosts) {}

  /** The provider definition a name stands for in this config; throws a sentence when none. */
  resolve(config: Config, name: string): Provider {
    const wanted = name.trim() || BUILT_IN;
    const def: ProviderConfig | undefined =
      wanted === BUILT_IN ? { kind: 'ollama', urls: [config.ollama_host], api_key: '' } : Object.hasOwn(config.providers, wanted) ? config.providers[wanted] : undefined;
    if (!def) {
      const known = [BUILT_IN, ...Object.keys(config.providers)].join(', ');
      throw new Error(`No model server named "${wanted}": define [providers.${wanted}] (kind, urls) in your machine config (~/.code-assistant/config.toml); known: ${known}.`);
    }
    const key = JSON.stringify([wanted, def.kind, def.urls, def.api_key]);
    let p = this.made.get(key);
    if (!p) {
      const pool = new HostPool(DRIVERS[def.kind], def.urls, def.api_key);
      p = { name: wanted, kind: def.kind, pool, apiKey: def.api_key, info: def.kind === 'openai' ? new RefusalInfo(pool) : undefined };
      this.made.set(key, p);
    }
    return p;
  }

  /** The path of a persona's calls: its `<persona>_provider`, else ollama_host. */
  route(config: Config, modelKey: PersonaModelKey): ModelRoute {
    const key = providerKeyFor(modelKey);
    return new Route(this.resolve(config, key ? config[key] : ''), this.models);
  }

  /** Every provider of this config with each host probed now, for the home page. */
  async status(config: Config): Promise<ProviderStatus[]> {
    const names = [BUILT_IN, ...Object.keys(config.providers).filter((n) => n !== BUILT_IN)];
    return Promise.all(
      names.map(async (name) => {
        const p = this.resolve(config, name);
        const usedBy = PROVIDER_KEYS.filter((k) => (config[k].trim() || BUILT_IN) === name);
        return { name, kind: p.kind, builtIn: name === BUILT_IN, hosts: await p.pool.checkAll(), usedBy: [...usedBy] };
      }),
    );
  }
}

/** One caller's route (a chat turn's reply, a pipeline phase): remembers the host its lease holds. */
class Route implements ModelRoute {
  readonly provider: string;
  readonly kind: ProviderKind;
  readonly info: ModelInfoSource;
  readonly keepAlive?: string;
  /** The host an acquire() leased the model on, and the request (for a lease on another host after failover). */
  private held: { host: string; req: LeaseRequest } | null = null;

  constructor(private p: Provider, private models: ModelHosts) {
    this.provider = p.name;
    this.kind = p.kind;
    // Ollama: what the first host's /api/show says (the hosts serve the same models), and its keep_alive.
    const first = p.kind === 'ollama' ? models.forHost(p.pool.urls[0]!) : null;
    this.info = p.info ?? first!.info;
    this.keepAlive = first?.keepAlive;
  }

  async acquire(req: LeaseRequest): Promise<ModelLease> {
    if (this.kind !== 'ollama') return { model: req.model, release() {} };
    const host = (await this.p.pool.pick(req.model)) ?? this.p.pool.urls[0]!;
    const lease = await this.models.forHost(host).acquire(req);
    this.held = { host, req };
    return {
      model: lease.model,
      release: () => {
        if (this.held?.host === host) this.held = null;
        lease.release();
      },
    };
  }

  async chat(call: RouteCall): Promise<RoutedResult> {
    const pool = this.p.pool;
    const tried: string[] = [];
    // The leased host while it is up; else the pool's choice (every host down: the first, for its error).
    let host = (this.held && !this.isDown(this.held.host) ? this.held.host : await pool.pick(call.model)) ?? pool.urls[0]!;
    for (let attempt = 0; ; attempt++) {
      tried.push(host);
      const res = await this.once(host, call);
      const next = res.hostDown && !call.signal?.aborted && attempt === 0 ? await pool.pick(call.model, tried) : null;
      if (res.hostDown) pool.markDown(host, res.error ?? 'failed');
      else if (!res.error) pool.markUp(host, call.model);
      if (!next) return res;
      // Retried once, from the start: what streamed from the failed host is closed as partial by the caller.
      if (res.content) call.onRestart?.({ from: host, to: next, error: res.error ?? '' });
      host = next;
    }
  }

  private isDown(host: string): boolean {
    return this.p.pool.status().find((h) => h.url === host)?.state === 'down';
  }

  /** One call on one host; an Ollama host other than the leased one is leased for the call (residency per host). */
  private async once(host: string, call: RouteCall): Promise<RoutedResult> {
    let lease: ModelLease | null = null;
    if (this.kind === 'ollama' && this.held && this.held.host !== host) {
      lease = await this.models.forHost(host).acquire({ ...this.held.req, model: call.model, signal: call.signal }).catch(() => null);
    }
    const done = this.p.pool.begin(host);
    try {
      const res = await this.p.pool.driver.chat({ ...call, host, apiKey: this.p.apiKey, keepAlive: this.kind === 'ollama' ? call.keepAlive : undefined });
      return { ...res, provider: this.provider, host };
    } finally {
      done();
      lease?.release();
    }
  }
}
