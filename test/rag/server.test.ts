// The Chroma server the app starts itself: on first use, one per data folder,
// stopped with its process group, and clear errors when it cannot start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { configSchema } from '../../lib/config/schema';
import { ChromaService, indexPath, ragStatus, retrieve, startChromaServer, RagError } from '../../lib/rag';
import { SymbolIndexers } from '../../lib/symbols/indexers';
import { runTool } from '../../lib/tools';
import { openDb } from '../../lib/db';
import { ScriptedOllama } from '../support/scripted-ollama';
import { isAlive } from '../tools/helpers';
import { chromaProcessesUnder, writeFiles } from './support';
import { project } from './fixtures';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-rag-srv-')));
const ollama = new ScriptedOllama({ models: ['nomic-embed-text'] });
const config = (over: Record<string, unknown> = {}) => configSchema.parse({ ollama_host: ollama.url, ...over });
// What the app holds as app.chroma: its servers, stopped by close().
const chroma = new ChromaService();

beforeAll(async () => {
  await ollama.start();
});
afterAll(async () => {
  await chroma.close();
  await ollama.stop();
  // No Chroma may outlive the tests that started it.
  expect(chromaProcessesUnder(tmp)).toEqual([]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the managed Chroma server', () => {
  test('starts on first use with its data in <dataDir>/chroma, once for concurrent callers, and stops with no orphan', async () => {
    const dataDir = path.join(tmp, 'data1');
    const [a, b] = await Promise.all([chroma.connect(config(), dataDir), chroma.connect(config(), dataDir)]);
    expect(a.url).toBe(b.url);
    expect(a.server).toBe('managed');
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(chromaProcessesUnder(path.join(dataDir, 'chroma'))).toHaveLength(1);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'chroma', 'server.pid'), 'utf8'));

    const root = path.join(tmp, 'ws1');
    writeFiles(root, project);
    await indexPath({ config: config(), dataDir, chroma, workspaceId: 'w1', root, path: '.' });
    expect(fs.existsSync(path.join(dataDir, 'chroma', 'chroma.sqlite3'))).toBe(true);
    const status = await ragStatus({ config: config(), dataDir, chroma, workspaceId: 'w1' });
    expect(status).toMatchObject({ on: true, server: 'managed', url: a.url, model: 'nomic-embed-text:latest', root });
    expect(status.chunks).toBeGreaterThan(0);

    await chroma.close();
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'chroma', 'server.pid'))).toBe(false);
    // Started again on demand, the index is still there.
    const again = await ragStatus({ config: config(), dataDir, chroma, workspaceId: 'w1' });
    expect(again.chunks).toBe(status.chunks);
    await chroma.close();
  });

  test('the server goes when the app that started it is killed with SIGKILL', async () => {
    const dataPath = path.join(tmp, 'killed', 'chroma');
    // The "app": a separate Node process that starts Chroma, says its pid, and is then killed -9.
    const code = `const { startChromaServer } = await import(${JSON.stringify(path.resolve('lib/rag/chroma-server.ts'))});
      const s = await startChromaServer({ dataPath: ${JSON.stringify(dataPath)} }); console.log(s.pid); setInterval(() => {}, 1000);`;
    const app = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number((await readline.createInterface({ input: app.stdout! })[Symbol.asyncIterator]().next()).value);
    expect(isAlive(pid)).toBe(true);
    app.kill('SIGKILL');
    const deadline = Date.now() + 15_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
    expect(chromaProcessesUnder(dataPath)).toEqual([]);
  }, 60_000);

  test('a server left behind by a crashed app is stopped by the next start', async () => {
    const dataPath = path.join(tmp, 'left', 'chroma');
    const first = await startChromaServer({ dataPath });
    const second = await startChromaServer({ dataPath }); // no stop(): as if the app had been killed
    try {
      expect(isAlive(first.pid)).toBe(false);
      expect(second.alive()).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe('Chroma not starting', () => {
  test('a missing binary: a clear error naming it', async () => {
    const err = await startChromaServer({ dataPath: path.join(tmp, 'nobin'), bin: path.join(tmp, 'no', 'chroma') }).catch((e) => e);
    expect(err).toBeInstanceOf(RagError);
    expect(err.code).toBe('chroma_unavailable');
    expect(err.message).toContain(path.join(tmp, 'no', 'chroma'));
  });

  test("a port in use: the error carries Chroma's own reason", async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const err = await startChromaServer({ dataPath: path.join(tmp, 'busy'), port }).catch((e) => e);
      expect(err).toBeInstanceOf(RagError);
      expect(err.message).toContain(`127.0.0.1:${port}`);
      expect(err.message).toMatch(/not available|in use/i);
    } finally {
      blocker.close();
    }
    expect(chromaProcessesUnder(path.join(tmp, 'busy'))).toEqual([]);
  });

  test('an unreachable chroma_url: retrieval is off with the reason, indexing fails clearly, search_code says so', async () => {
    const dead = config({ chroma_url: 'http://127.0.0.1:9' });
    const t = { config: dead, dataDir: path.join(tmp, 'data2'), workspaceId: 'w2', chroma };
    const status = await ragStatus(t);
    expect(status).toMatchObject({ on: false, server: 'external' });
    expect(status.reason).toContain('http://127.0.0.1:9');
    const r = await retrieve({ ...t, query: 'terminal history' });
    expect(r).toMatchObject({ status: 'off', chunks: [] });
    const root = path.join(tmp, 'ws2');
    writeFiles(root, project);
    await expect(indexPath({ ...t, root, path: '.' })).rejects.toMatchObject({ code: 'chroma_unavailable' });
    const db = openDb(path.join(tmp, 'db2.sqlite'));
    try {
      const res = await runTool('search_code', { query: 'terminal history' }, {
        workspace: root, signal: new AbortController().signal, callId: 'c1',
        settings: { shellPolicy: 'deny', shellDenyPatterns: [], shellTimeoutSeconds: 5, resultTokens: 500, maxReadBytes: 1e6 },
        env: { config: dead, db, workspaceId: 'w2', dataDir: t.dataDir, chroma, symbols: new SymbolIndexers() },
      });
      expect(res.ok).toBe(false);
      expect(res.content).toMatch(/^Retrieval is off: Chroma at http:\/\/127\.0\.0\.1:9/);
    } finally {
      db.$client.close();
    }
  });
});
