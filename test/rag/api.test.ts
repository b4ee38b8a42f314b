// The route handlers and the search_code tool over the real engine: an App in
// a temp folder, a real Chroma server, the scripted Ollama for embeddings.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { estimateTokens } from '../../lib/llm/budget';
import { startChromaServer, type ChromaServer } from '../../lib/rag';
import { runTool } from '../../lib/tools';
import type { ToolContext } from '../../lib/tools/types';
import { activeWorkspace } from '../../lib/sessions/workspaces';
import { testApp, type TestApp } from '../support/test-app';
import { GET, POST } from '../../app/api/workspaces/[id]/rag/route';
import { project, manyFiles } from './fixtures';
import { writeFiles } from './support';

let t: TestApp;
let chroma: ChromaServer;
let wsId: string;
const APP_KEY = Symbol.for('code-assistant.app');

beforeAll(async () => {
  chroma = await startChromaServer({ dataPath: fs.mkdtempSync('/tmp/ca-rag-api-chroma-') });
  t = await testApp({ CA_CHROMA_URL: chroma.url });
  writeFiles(t.workspace, { ...project, ...manyFiles(12) });
  wsId = activeWorkspace(t.app.db)!.id;
  // The route handlers use the process-wide app: make it this test's app.
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t?.close();
  await chroma?.stop();
  if (chroma) fs.rmSync(chroma.dataPath, { recursive: true, force: true });
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const post = (id: string, body: unknown) =>
  POST(new Request('http://127.0.0.1/x', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }), params(id));
const get = (id: string) => GET(new Request('http://127.0.0.1/x'), params(id));

function toolCtx(resultTokens = 600): ToolContext {
  const app = t.app;
  return {
    workspace: t.workspace, signal: new AbortController().signal, callId: 'c1',
    settings: { shellPolicy: 'deny', shellDenyPatterns: [], shellTimeoutSeconds: 5, resultTokens, maxReadBytes: 1e6 },
    env: { config: app.config(t.workspace).values, db: app.db, workspaceId: wsId, dataDir: app.dataDir, symbols: app.symbols, chroma: app.chroma },
  };
}

describe('search_code before indexing', () => {
  test('says nothing is indexed and how to index', async () => {
    const r = await runTool('search_code', { query: 'dns resolver' }, toolCtx());
    expect(r.ok).toBe(false);
    expect(r.content).toContain('`/index src/`');
  });
});

describe('/api/workspaces/:id/rag', () => {
  test('POST starts an index run whose progress events can be followed; GET reports the index', async () => {
    const res = await post(wsId, { path: '.' });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    await t.app.runs.wait(runId);
    const events = t.events(runId);
    expect(events[0]).toMatchObject({ type: 'run_started', kind: 'index', input: '/index .' });
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const end = events.at(-1)!;
    expect(end.type).toBe('run_finished');
    expect(end.type === 'run_finished' && end.summary).toMatch(/^Indexed 17 files: \d+ chunks \(\d+ embedded in \d+ calls, 0 unchanged\)/);
    const status = (await (await get(wsId)).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ on: true, server: 'external', url: chroma.url, runId: null, indexing: false, root: t.workspace });
    expect(status.chunks).toBeGreaterThan(36);
  });

  test('a bad path fails the run with the reason; bad requests are refused', async () => {
    const res = await post(wsId, { path: '../elsewhere' });
    const { runId } = (await res.json()) as { runId: string };
    await t.app.runs.wait(runId);
    expect(t.events(runId).at(-1)).toMatchObject({ type: 'run_failed', error: expect.stringContaining('outside the workspace') });
    expect((await post(wsId, { path: 42 })).status).toBe(400);
    expect((await post('no-such-workspace', { path: 'src' })).status).toBe(404);
    expect((await get('no-such-workspace')).status).toBe(404);
  });

  test('a second POST while indexing answers 409 with the running run', async () => {
    fs.writeFileSync(path.join(t.workspace, 'src/new.py'), 'def brand_new():\n    return 1\n');
    const first = (await (await post(wsId, { path: '.' })).json()) as { runId: string };
    const second = await post(wsId, { path: 'src' });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ runId: first.runId });
    await t.app.runs.wait(first.runId);
  });

  test('Stop cancels an index run and frees the workspace for the next one', async () => {
    fs.writeFileSync(path.join(t.workspace, 'src/another.py'), 'def another_one():\n    return 2\n');
    const { runId } = (await (await post(wsId, { path: '.' })).json()) as { runId: string };
    expect(t.app.runs.cancel(runId)).toBe(true);
    await t.app.runs.wait(runId);
    expect(t.events(runId).at(-1)).toMatchObject({ type: 'run_cancelled' });
    const next = (await (await post(wsId, { path: '.' })).json()) as { runId: string };
    await t.app.runs.wait(next.runId);
    expect(t.events(next.runId).at(-1)).toMatchObject({ type: 'run_finished' });
  });
});

describe('search_code after indexing', () => {
  test('finds the code by meaning, compact within the result budget', async () => {
    const r = await runTool('search_code', { query: 'resolve hostname nameserver udp socket timeout answer', k: 3 }, toolCtx(600));
    expect(r.ok).toBe(true);
    expect(r.content.split('\n')[0]).toMatch(/^src\/net\/dns\.rs:\d+-\d+ · .*resolve_hostname/);
    expect(r.content).toContain('```rust\n');
    expect(estimateTokens(r.content)).toBeLessThanOrEqual(600);
    const small = await runTool('search_code', { query: 'handler compute value step', k: 20 }, toolCtx(200));
    expect(estimateTokens(small.content)).toBeLessThanOrEqual(200);
  });

  test('rejects an empty query with an example', async () => {
    const r = await runTool('search_code', { query: '  ' }, toolCtx());
    expect(r).toMatchObject({ ok: false, content: expect.stringContaining('"query"') });
  });
});
