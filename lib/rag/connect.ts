// Where Chroma is: the configured chroma_url, or our own server started on
// first use. Kept on globalThis because Next bundles each route separately and
// every bundle must share one server per data folder.
import path from 'node:path';
import { ChromaClient } from 'chromadb';
import type { Config } from '../config/schema';
import { heartbeat, startChromaServer, type ChromaServer } from './chroma-server';
import { RagError } from './types';

export interface ChromaConnection {
  client: ChromaClient;
  url: string;
  server: 'managed' | 'external';
}

interface Shared {
  servers: Map<string, Promise<ChromaServer>>;
  /** A failed start, so chat turns do not each wait for another failing spawn. */
  failures: Map<string, { error: RagError; at: number }>;
  clients: Map<string, ChromaClient>;
  checked: Map<string, number>;
}

const KEY = Symbol.for('code-assistant.chroma');
const RETRY_AFTER_MS = 30_000;
const RECHECK_MS = 5_000;

function shared(): Shared {
  const g = globalThis as typeof globalThis & { [KEY]?: Shared };
  g[KEY] ??= { servers: new Map(), failures: new Map(), clients: new Map(), checked: new Map() };
  return g[KEY];
}

function clientFor(url: string): ChromaClient {
  const s = shared();
  let c = s.clients.get(url);
  if (!c) {
    const u = new URL(url);
    const ssl = u.protocol === 'https:';
    c = new ChromaClient({ host: u.hostname, port: u.port ? Number(u.port) : ssl ? 443 : 80, ssl });
    s.clients.set(url, c);
  }
  return c;
}

export const managedDataPath = (dataDir: string) => path.join(dataDir, 'chroma');

async function managedServer(dataDir: string, retry: boolean): Promise<ChromaServer> {
  const s = shared();
  const key = managedDataPath(dataDir);
  const failed = s.failures.get(key);
  if (failed && !retry && Date.now() - failed.at < RETRY_AFTER_MS) throw failed.error;
  const running = s.servers.get(key);
  if (running) {
    const server = await running.catch(() => null);
    if (server?.alive()) return server;
    s.servers.delete(key); // crashed or failed: start afresh
  }
  const starting = startChromaServer({ dataPath: key });
  s.servers.set(key, starting);
  try {
    const server = await starting;
    s.failures.delete(key);
    return server;
  } catch (e) {
    s.servers.delete(key);
    const error = e instanceof RagError ? e : new RagError('chroma_unavailable', `Chroma could not start: ${(e as Error).message}`);
    s.failures.set(key, { error, at: Date.now() });
    throw error;
  }
}

/**
 * A client for this config. Throws RagError('chroma_unavailable') with the
 * cause; `retry` skips the pause after a failed start (an explicit index request).
 */
export async function connectChroma(config: Config, dataDir: string, opts: { retry?: boolean } = {}): Promise<ChromaConnection> {
  const external = config.chroma_url.trim().replace(/\/+$/, '');
  if (external) {
    let url: URL;
    try {
      url = new URL(external);
    } catch {
      throw new RagError('chroma_unavailable', `chroma_url "${external}" is not a URL (expected e.g. http://127.0.0.1:8000).`);
    }
    const s = shared();
    if (Date.now() - (s.checked.get(external) ?? 0) > RECHECK_MS) {
      if (!(await heartbeat(external, 2000))) {
        throw new RagError('chroma_unavailable', `Chroma at ${external} (chroma_url) is not answering. Start it, or clear chroma_url to use the built-in server.`);
      }
      s.checked.set(external, Date.now());
    }
    return { client: clientFor(url.origin), url: url.origin, server: 'external' };
  }
  const server = await managedServer(dataDir, !!opts.retry);
  return { client: clientFor(server.url), url: server.url, server: 'managed' };
}

/** Stop every server this process started (tests, shutdown). */
export async function stopManagedChroma(): Promise<void> {
  const s = shared();
  const all = [...s.servers.values()];
  s.servers.clear();
  s.failures.clear();
  s.clients.clear();
  await Promise.all(all.map((p) => p.then((srv) => srv.stop(), () => undefined)));
}
