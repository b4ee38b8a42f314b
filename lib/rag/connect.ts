// Where Chroma is: the configured chroma_url, or our own server started on
// first use, one per data folder.
import path from 'node:path';
import { ChromaClient } from 'chromadb';
import type { Config } from '../config/schema';
import { heartbeat, startChromaServer, type ChromaServer } from './chroma-server';
import { RagError, type ChromaConnection, type ChromaPort } from './types';

export type { ChromaConnection } from './types';

const RETRY_AFTER_MS = 30_000;
const RECHECK_MS = 5_000;

export const managedDataPath = (dataDir: string) => path.join(dataDir, 'chroma');

/**
 * The app's one way to Chroma: our own server per data folder (started on
 * first use, stopped by close()), clients per URL, and which collections are
 * being indexed right now. A member of the app object (lib/app.ts).
 */
export class ChromaService implements ChromaPort {
  private servers = new Map<string, Promise<ChromaServer>>();
  /** A failed start, so chat turns do not each wait for another failing spawn. */
  private failures = new Map<string, { error: RagError; at: number }>();
  private clients = new Map<string, ChromaClient>();
  private checked = new Map<string, number>();
  /** Collections an index run is writing (one run per collection at a time). */
  readonly indexing = new Set<string>();

  private clientFor(url: string): ChromaClient {
    let c = this.clients.get(url);
    if (!c) {
      const u = new URL(url);
      const ssl = u.protocol === 'https:';
      c = new ChromaClient({ host: u.hostname, port: u.port ? Number(u.port) : ssl ? 443 : 80, ssl });
      this.clients.set(url, c);
    }
    return c;
  }

  private async managedServer(dataDir: string, retry: boolean): Promise<ChromaServer> {
    const key = managedDataPath(dataDir);
    const failed = this.failures.get(key);
    if (failed && !retry && Date.now() - failed.at < RETRY_AFTER_MS) throw failed.error;
    const running = this.servers.get(key);
    if (running) {
      const server = await running.catch(() => null);
      if (server?.alive()) return server;
      this.servers.delete(key); // crashed or failed: start afresh
    }
    const starting = startChromaServer({ dataPath: key });
    this.servers.set(key, starting);
    try {
      const server = await starting;
      this.failures.delete(key);
      return server;
    } catch (e) {
      this.servers.delete(key);
      const error = e instanceof RagError ? e : new RagError('chroma_unavailable', `Chroma could not start: ${(e as Error).message}`);
      this.failures.set(key, { error, at: Date.now() });
      throw error;
    }
  }

  /**
   * A client for this config. Throws RagError('chroma_unavailable') with the
   * cause; `retry` skips the pause after a failed start (an explicit index request).
   */
  async connect(config: Config, dataDir: string, opts: { retry?: boolean } = {}): Promise<ChromaConnection> {
    const external = config.chroma_url.trim().replace(/\/+$/, '');
    if (external) {
      let url: URL;
      try {
        url = new URL(external);
      } catch {
        throw new RagError('chroma_unavailable', `chroma_url "${external}" is not a URL (expected e.g. http://127.0.0.1:8000).`);
      }
      if (Date.now() - (this.checked.get(external) ?? 0) > RECHECK_MS) {
        if (!(await heartbeat(external, 2000))) {
          throw new RagError('chroma_unavailable', `Chroma at ${external} (chroma_url) is not answering. Start it, or clear chroma_url to use the built-in server.`);
        }
        this.checked.set(external, Date.now());
      }
      return { client: this.clientFor(url.origin), url: url.origin, server: 'external' };
    }
    const server = await this.managedServer(dataDir, !!opts.retry);
    return { client: this.clientFor(server.url), url: server.url, server: 'managed' };
  }

  /** Stop every server this service started (app.close(), shutdown). */
  async close(): Promise<void> {
    const all = [...this.servers.values()];
    this.servers.clear();
    this.failures.clear();
    this.clients.clear();
    await Promise.all(all.map((p) => p.then((srv) => srv.stop(), () => undefined)));
  }
}
