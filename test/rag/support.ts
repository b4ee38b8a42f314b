// Shared set-up for the retrieval tests: a real Chroma server from
// node_modules (one per test file), the scripted Ollama for embeddings, and
// temporary workspaces.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { configSchema, type Config } from '../../lib/config/schema';
import { startChromaServer, type ChromaServer } from '../../lib/rag/chroma-server';
import { ChromaService } from '../../lib/rag/connect';
import { ScriptedOllama } from '../support/scripted-ollama';

export interface RagEnv {
  tmp: string;
  chroma: ChromaServer;
  /** The app's Chroma service (clients, index locks) for RagTargets. */
  service: ChromaService;
  ollama: ScriptedOllama;
  config(over?: Partial<Config>): Config;
  workspace(files: Record<string, string | Buffer>): string;
  close(): Promise<void>;
}

export async function ragEnv(opts: { models?: string[] } = {}): Promise<RagEnv> {
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-rag-')));
  const [chroma, ollama] = await Promise.all([
    startChromaServer({ dataPath: path.join(tmp, 'chroma') }),
    (async () => {
      const o = new ScriptedOllama({ models: opts.models ?? ['nomic-embed-text', 'mxbai-embed-large', 'qwen2.5-coder:7b'] });
      await o.start();
      return o;
    })(),
  ]);
  let n = 0;
  return {
    tmp, chroma, ollama, service: new ChromaService(),
    config: (over = {}) => configSchema.parse({ ollama_host: ollama.url, chroma_url: chroma.url, ...over }),
    workspace(files) {
      const ws = path.join(tmp, `ws${++n}`);
      writeFiles(ws, files);
      return ws;
    },
    async close() {
      await Promise.all([chroma.stop(), ollama.stop()]);
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
}

/** /api/embed requests the scripted Ollama received. */
export const embedCalls = (o: ScriptedOllama) => o.requests.filter((r) => r.path === '/api/embed');

/** Chroma processes whose data folder is under `dir` (an orphan check). */
export function chromaProcessesUnder(dir: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', `chroma.* run --path ${dir}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/**
 * An HTTP hop in front of the scripted Ollama that answers the Nth /api/embed
 * with a 500, as an Ollama runner that crashes mid-run does. Everything else
 * passes through untouched.
 */
export async function failingProxy(target: string, failOnEmbedCall: number): Promise<{ url: string; embedCalls: number; close(): Promise<void> }> {
  const state = { url: '', embedCalls: 0, close: async () => {} };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.url === '/api/embed' && ++state.embedCalls === failOnEmbedCall) {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'llama runner process has terminated: signal: killed' }));
      return;
    }
    const up = await fetch(`${target}${req.url}`, { method: req.method, headers: { 'Content-Type': 'application/json' }, body: chunks.length ? Buffer.concat(chunks) : undefined });
    res.writeHead(up.status, { 'Content-Type': up.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}
