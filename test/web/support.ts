// Real HTTP servers on loopback for the web tests, plus config and tool
// contexts that allow 127.0.0.1 (every port: the test servers take any free one) the way a machine config would.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { configSchema, type Config } from '../../lib/config/schema';
import { openDb } from '../../lib/db';
import type { ToolContext } from '../../lib/tools/types';
import { makeCtx } from '../tools/helpers';
import { ChromaService } from '../../lib/rag/connect';
import { SymbolIndexers } from '../../lib/symbols/indexers';

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Served {
  /** http://127.0.0.1:<port> (no trailing slash). */
  origin: string;
  port: number;
  seen: Seen[];
  /** Resolves once the client has gone away from a streaming response. */
  closed: Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections(); // stalled responses would keep close() waiting
          s.close(() => resolve());
        }),
    ),
  );
});

export async function serve(handler: Handler, host = '127.0.0.1'): Promise<Served> {
  const seen: Seen[] = [];
  let markClosed!: () => void;
  const closed = new Promise<void>((r) => (markClosed = r));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.on('close', () => markClosed());
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, seen, closed };
}

/** A server answering each path from a table: [status, headers, body]. */
export function routes(table: Record<string, [number, Record<string, string>, string | Buffer]>): Handler {
  return (req, res) => {
    const hit = table[req.url ?? ''] ?? [404, { 'content-type': 'text/html' }, '<html><body><h1>Not Found</h1><p>No such page here.</p></body></html>'];
    res.writeHead(hit[0], hit[1]);
    res.end(hit[2]);
  };
}

/** Config as a machine file would give it; 127.0.0.1 allowed unless told otherwise. */
export function webConfig(over: Partial<Config> = {}): Config {
  return configSchema.parse({ web_allow_hosts: ['127.0.0.1:*'], web_timeout_seconds: 10, ...over });
}

const db = openDb(':memory:');

export function webCtx(config: Config, resultTokens = 2000): ToolContext {
  return { ...makeCtx('/tmp', { resultTokens }), env: { config, db, workspaceId: 'ws-test', dataDir: '/tmp', symbols: new SymbolIndexers(), chroma: new ChromaService() } };
}
