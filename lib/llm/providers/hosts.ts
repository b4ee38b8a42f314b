// The hosts of one provider: health from probes, calls in flight, and the
// choice of host for a call: a healthy host that already has the model loaded
// (where the kind can tell), else one that serves it, else the least busy.
// A host that fails a call is marked down until a later probe finds it up.
import { sameModel } from '../models';
import type { HostHealth, HostStatus, Probe, ProviderDriver } from './types';

/** A probe older than this is refreshed (in the background while another host is known up). */
const FRESH_MS = 5_000;
const PROBE_TIMEOUT_MS = 1_500;

interface Host {
  url: string;
  state: HostHealth;
  error?: string;
  checkedAt?: number;
  busy: number;
  probe?: Probe;
  probing?: Promise<void>;
}

export class HostPool {
  private hosts: Host[];

  constructor(readonly driver: ProviderDriver, urls: string[], private apiKey: string) {
    this.hosts = urls.map((url) => ({ url: url.replace(/\/+$/, ''), state: 'unknown', busy: 0 }));
  }

  get urls(): string[] {
    return this.hosts.map((h) => h.url);
  }

  /** Probe every host now (the home page). */
  async checkAll(): Promise<HostStatus[]> {
    await Promise.all(this.hosts.map((h) => this.check(h, true)));
    return this.status();
  }

  status(): HostStatus[] {
    return this.hosts.map((h) => ({
      url: h.url, state: h.state, error: h.error, checkedAt: h.checkedAt, busy: h.busy,
      loaded: h.probe ? h.probe.loaded : null, models: h.probe?.models ?? [],
    }));
  }

  /**
   * The host for a call of `model`, not one of `exclude`; null when every
   * other host is down. One host: always it, unprobed (nothing changes for a
   * single Ollama).
   */
  async pick(model: string, exclude: string[] = []): Promise<string | null> {
    if (this.hosts.length === 1) return exclude.includes(this.hosts[0]!.url) ? null : this.hosts[0]!.url;
    const open = this.hosts.filter((h) => !exclude.includes(h.url));
    const unknown = open.filter((h) => h.state === 'unknown' || (h.state === 'down' && this.stale(h)));
    if (unknown.length || !open.some((h) => h.state === 'up')) await Promise.all(unknown.map((h) => this.check(h)));
    for (const h of open) if (h.state === 'up' && this.stale(h)) void this.check(h); // refreshed for the next call
    const up = open.filter((h) => h.state === 'up');
    if (!up.length) return null;
    const has = (list: string[] | null | undefined) => !!list?.some((m) => sameModel(m, model));
    const loaded = up.filter((h) => has(h.probe?.loaded));
    const serving = up.filter((h) => has(h.probe?.models));
    const pool = loaded.length ? loaded : serving.length ? serving : up;
    return pool.reduce((a, b) => (b.busy < a.busy ? b : a)).url;
  }

  begin(url: string): () => void {
    const h = this.find(url);
    if (h) h.busy++;
    let done = false;
    return () => {
      if (done || !h) return;
      done = true;
      h.busy--;
    };
  }

  /** The host failed a call: no more calls go to it until a probe finds it up. */
  markDown(url: string, error: string): void {
    const h = this.find(url);
    if (!h) return;
    h.state = 'down';
    h.error = error;
    h.checkedAt = Date.now();
  }

  /** A call went through: the host is up, and (Ollama) now has the model loaded. */
  markUp(url: string, model: string): void {
    const h = this.find(url);
    if (!h) return;
    h.state = 'up';
    h.error = undefined;
    if (h.probe?.loaded && !h.probe.loaded.some((m) => sameModel(m, model))) h.probe.loaded.push(model);
  }

  /** The context window the hosts report for `model` (the smallest, when they differ); probes hosts not yet seen. */
  async contextLength(model: string): Promise<number | undefined> {
    await Promise.all(this.hosts.filter((h) => h.state === 'unknown').map((h) => this.check(h)));
    return this.peekContextLength(model);
  }

  peekContextLength(model: string): number | undefined {
    const sizes = this.hosts.flatMap((h) => {
      const known = h.probe?.contextLengths;
      const key = known && Object.keys(known).find((m) => sameModel(m, model));
      return key ? [known[key]!] : [];
    });
    return sizes.length ? Math.min(...sizes) : undefined;
  }

  private stale(h: Host): boolean {
    return !h.checkedAt || Date.now() - h.checkedAt > FRESH_MS;
  }

  private find(url: string): Host | undefined {
    return this.hosts.find((h) => h.url === url);
  }

  private check(h: Host, force = false): Promise<void> {
    if (h.probing) return h.probing;
    if (!force && !this.stale(h) && h.state !== 'unknown') return Promise.resolve();
    h.probing = this.driver
      .probe(h.url, this.apiKey, AbortSignal.timeout(PROBE_TIMEOUT_MS))
      .then(
        (p) => {
          h.probe = p;
          h.state = 'up';
          h.error = undefined;
        },
        (err: Error) => {
          h.state = 'down';
          h.error = err.message;
        },
      )
      .finally(() => {
        h.checkedAt = Date.now();
        h.probing = undefined;
      });
    return h.probing;
  }
}
