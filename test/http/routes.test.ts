// Every route under app/api against bad input, through the real handlers and
// a real App: a client mistake is a 400/404/409/413 that names the field and
// the reason, never a 500.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/test-app';
import * as benchmarks from '../../app/api/benchmarks/route';
import * as benchmark from '../../app/api/benchmarks/[id]/route';
import * as pull from '../../app/api/models/pull/route';
import * as pipelines from '../../app/api/pipelines/route';
import * as pipelineCancel from '../../app/api/pipelines/[id]/cancel/route';
import * as pipelineResume from '../../app/api/pipelines/[id]/resume/route';
import * as approve from '../../app/api/runs/[id]/approve/route';
import * as runCancel from '../../app/api/runs/[id]/cancel/route';
import * as revert from '../../app/api/runs/[id]/revert/route';
import * as sessions from '../../app/api/sessions/route';
import * as session from '../../app/api/sessions/[id]/route';
import * as turns from '../../app/api/sessions/[id]/turns/route';
import * as workspaces from '../../app/api/workspaces/route';
import * as rag from '../../app/api/workspaces/[id]/rag/route';
import * as symbolsIndex from '../../app/api/workspaces/[id]/symbols/index/route';
import * as symbolsSearch from '../../app/api/workspaces/[id]/symbols/search/route';
import * as symbolsSource from '../../app/api/workspaces/[id]/symbols/source/route';

const APP_KEY = Symbol.for('code-assistant.app');
let t: TestApp;
let wsId: string;
let runId: string;

beforeAll(async () => {
  t = await testApp();
  wsId = t.sessionWorkspaceId();
  fs.mkdirSync(path.join(t.workspace, 'src'));
  fs.writeFileSync(path.join(t.workspace, 'src', 'a.py'), 'x = 1\n');
  runId = t.app.runs.create({ kind: 'chat', input: 'hi', sessionId: t.sessionId, workspaceId: wsId }, 'queued');
  t.app.runs.endInactive(runId, 'test');
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t?.close();
});

type Handler = (req: Request, ctx: { params: Promise<{ id: string }> }) => Promise<Response> | Response;
const ctx = (id = 'x') => ({ params: Promise.resolve({ id }) });
const send = (h: Handler, raw: string | null, id = 'x', method = 'POST') =>
  h(new Request('http://127.0.0.1:3000/api/x', { method, body: raw, headers: raw === null ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) } }), ctx(id));
const get = (h: Handler, query: string, id = 'x') => h(new Request(`http://127.0.0.1:3000/api/x?${query}`), ctx(id));
async function answer(res: Response | Promise<Response>): Promise<{ status: number; error: string }> {
  const r = await res;
  const body = (await r.json().catch(() => ({}))) as { error?: string };
  return { status: r.status, error: body.error ?? '' };
}

describe('bodies that are not objects', () => {
  const posts: Array<[string, Handler, () => string]> = [
    ['POST /api/workspaces', workspaces.POST, () => 'x'],
    ['POST /api/sessions', sessions.POST, () => 'x'],
    ['POST /api/pipelines', pipelines.POST, () => 'x'],
    ['POST /api/benchmarks', benchmarks.POST, () => 'x'],
    ['POST /api/models/pull', pull.POST, () => 'x'],
    ['POST /api/sessions/:id/turns', turns.POST, () => t.sessionId],
    ['PATCH /api/sessions/:id', session.PATCH, () => t.sessionId],
    ['POST /api/runs/:id/approve', approve.POST, () => runId],
    ['POST /api/runs/:id/revert', revert.POST, () => runId],
    ['POST /api/workspaces/:id/rag', rag.POST, () => wsId],
  ];
  for (const [name, handler, id] of posts) {
    it(`${name}: null, numbers, strings, arrays and broken JSON are 400s`, async () => {
      for (const raw of ['null', '5', '"text"', '[]', '[1]', 'true', '{"a":', 'not json']) {
        const a = await answer(send(handler, raw, id()));
        expect(a.status, `${name} ${raw}`).toBe(400);
        expect(a.error, `${name} ${raw}`).toMatch(/request body/i);
      }
    });
  }
});

describe('fields of the wrong type name the field and the reason', () => {
  it.each([
    ['POST /api/workspaces {"path":123}', () => send(workspaces.POST, '{"path":123}'), '"path": expected string, got number'],
    ['POST /api/workspaces {}', () => send(workspaces.POST, '{}'), '"path" is required'],
    ['POST /api/sessions {"workspaceId":{}}', () => send(sessions.POST, '{"workspaceId":{}}'), '"workspaceId": expected string, got object'],
    ['POST /api/pipelines {"requirement":5}', () => send(pipelines.POST, '{"requirement":5}'), '"requirement": expected string, got number'],
    ['POST /api/pipelines {"requirement":"x","workspaceId":[]}', () => send(pipelines.POST, '{"requirement":"x","workspaceId":[]}'), '"workspaceId": expected string, got array'],
    ['POST /api/pipelines {"requirement":"x","path":null}', () => send(pipelines.POST, '{"requirement":"x","path":null}'), '"path": expected string, got null'],
    ['POST /api/benchmarks {"reqs":"calc"}', () => send(benchmarks.POST, '{"reqs":"calc"}'), '"reqs": expected array, got string'],
    ['POST /api/benchmarks {"samples":"2"}', () => send(benchmarks.POST, '{"samples":"2"}'), '"samples": expected number, got string'],
    ['POST /api/models/pull {"model":5}', () => send(pull.POST, '{"model":5}'), '"model": expected string, got number'],
    ['POST /api/models/pull {"model":"a b"}', () => send(pull.POST, '{"model":"a b; rm -rf ~"}'), '"model": give a model name'],
    ['POST turns {"text":5}', () => send(turns.POST, '{"text":5}', t.sessionId), '"text": expected string, got number'],
    ['POST turns {"text":"hi","quick":"yes"}', () => send(turns.POST, '{"text":"hi","quick":"yes"}', t.sessionId), '"quick": expected boolean, got string'],
    ['PATCH session {"models":"x"}', () => send(session.PATCH, '{"models":"x"}', t.sessionId, 'PATCH'), '"models": expected object, got string'],
    ['PATCH session {"models":{"quick_model":1}}', () => send(session.PATCH, '{"models":{"quick_model":1}}', t.sessionId, 'PATCH'), '"models.quick_model": expected string, got number'],
    ['POST approve {"callId":5}', () => send(approve.POST, '{"callId":5,"approved":true}', runId), '"callId": expected string, got number'],
    ['POST approve {"callId":"c"}', () => send(approve.POST, '{"callId":"c"}', runId), '"approved" is required'],
    ['POST revert {"force":"yes"}', () => send(revert.POST, '{"force":"yes"}', runId), '"force": expected boolean, got string'],
    ['POST rag {"path":123}', () => send(rag.POST, '{"path":123}', wsId), '"path": expected string, got number'],
    ['GET source ?line=abc', () => get(symbolsSource.GET, 'path=src/a.py&line=abc', wsId), '"line": expected a whole number'],
    ['GET source ?line=1e3', () => get(symbolsSource.GET, 'path=src/a.py&line=1e3', wsId), '"line": expected a whole number'],
    ['GET source (no path)', () => get(symbolsSource.GET, 'line=1', wsId), '"path" is required'],
    ['GET search ?match=bogus', () => get(symbolsSearch.GET, 'q=x&match=bogus', wsId), '"match":'],
  ])('%s', async (_name, call, message) => {
    const a = await answer(call());
    expect(a.status).toBe(400);
    expect(a.error).toContain(message);
  });
});

describe('unknown ids are 404s', () => {
  it.each([
    ['POST /api/sessions unknown workspace', () => send(sessions.POST, '{"workspaceId":"nope"}')],
    ['POST turns unknown session', () => send(turns.POST, '{"text":"hi"}', 'nope')],
    ['PATCH unknown session', () => send(session.PATCH, '{"models":{}}', 'nope', 'PATCH')],
    ['GET unknown session', () => session.GET(new Request('http://127.0.0.1/x'), ctx('nope'))],
    ['POST approve unknown run', () => send(approve.POST, '{"callId":"c","approved":true}', 'nope')],
    ['POST cancel unknown run', () => send(runCancel.POST, null, 'nope')],
    ['POST revert unknown run', () => send(revert.POST, null, 'nope')],
    ['POST cancel unknown pipeline', () => send(pipelineCancel.POST, null, 'nope')],
    ['POST resume unknown pipeline', () => send(pipelineResume.POST, null, 'nope')],
    ['POST resume a chat run as a pipeline', () => send(pipelineResume.POST, null, runId)],
    ['POST rag unknown workspace', () => send(rag.POST, '{}', 'nope')],
    ['POST symbols/index unknown workspace', () => send(symbolsIndex.POST, null, 'nope')],
    ['GET symbols/search unknown workspace', () => get(symbolsSearch.GET, 'q=x', 'nope')],
    ['GET symbols/source unknown workspace', () => get(symbolsSource.GET, 'path=a.py', 'nope')],
    ['GET benchmark unknown', () => benchmark.GET(new Request('http://127.0.0.1/x'), ctx('../../etc/passwd'))],
    ['DELETE benchmark not running', () => benchmark.DELETE(new Request('http://127.0.0.1/x', { method: 'DELETE' }), ctx('nope'))],
  ])('%s', async (_name, call) => {
    const a = await answer(call());
    expect(a.status).toBe(404);
    expect(a.error).not.toBe('');
  });
});

describe('paths and sizes', () => {
  it('a folder as symbols/source?path= is a 400, a missing file a 404, an escape a 400', async () => {
    expect(await answer(get(symbolsSource.GET, 'path=src', wsId))).toMatchObject({ status: 400, error: expect.stringContaining('folder, not a file') });
    expect((await answer(get(symbolsSource.GET, 'path=src/none.py', wsId))).status).toBe(404);
    expect((await answer(get(symbolsSource.GET, 'path=../../etc/passwd', wsId))).status).toBe(400);
    const ok = await symbolsSource.GET(new Request('http://127.0.0.1/x?path=src/a.py&line=1'), ctx(wsId));
    expect(ok.status).toBe(200);
  });

  it('workspaces and pipelines refuse system folders and the data folder', async () => {
    expect(await answer(send(workspaces.POST, '{"path":"/etc"}'))).toMatchObject({ status: 400, error: expect.stringContaining('system folder /etc') });
    expect(await answer(send(workspaces.POST, JSON.stringify({ path: t.app.dataDir })))).toMatchObject({ status: 400, error: expect.stringContaining('data folder') });
    expect(await answer(send(pipelines.POST, '{"requirement":"build it","path":"/proc"}'))).toMatchObject({ status: 400, error: expect.stringContaining('system folder /proc') });
    expect(await answer(send(pipelines.POST, '{"requirement":"build it","newFolder":"/etc/app"}'))).toMatchObject({ status: 400, error: expect.stringContaining('system folder /etc') });
    expect(await answer(send(pipelines.POST, JSON.stringify({ requirement: 'x', newFolder: `${t.home}/a\nb` })))).toMatchObject({ status: 400, error: expect.stringContaining('control character') });
  });

  it('a chat message over max_message_bytes is a 413 that says the limit, measured on the text', async () => {
    const limit = t.app.config().values.max_message_bytes;
    const big = await answer(send(turns.POST, JSON.stringify({ text: 'a'.repeat(2 * 1024 * 1024) }), t.sessionId));
    expect(big.status).toBe(413);
    expect(big.error).toContain('max_message_bytes');
    // Under the early Content-Length cut, over the limit once decoded: still 413.
    const over = await answer(send(turns.POST, JSON.stringify({ text: 'é'.repeat(limit / 2 + 1) }), t.sessionId));
    expect(over).toMatchObject({ status: 413, error: expect.stringContaining('limit') });
    // Escapes inflate the JSON, not the message: this one is within the limit (the session is free, so 202).
    const escaped = await send(turns.POST, JSON.stringify({ text: 'hi\n'.repeat(Math.floor(limit / 4)) }), t.sessionId);
    expect(escaped.status).toBe(202);
    await t.app.runs.wait(((await escaped.json()) as { runId: string }).runId);
  });

  it('a body with no Content-Length is still capped while it is read', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream({
      pull(c) {
        if (sent++ < 6) c.enqueue(chunk);
        else c.close();
      },
    });
    const req = new Request('http://127.0.0.1/x', { method: 'POST', body: stream, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    expect(await answer(workspaces.POST(req))).toMatchObject({ status: 413, error: expect.stringContaining('limit') });
  });

  it('a requirement over 1 MB is a 413 naming its limit', async () => {
    const a = await answer(send(pipelines.POST, JSON.stringify({ requirement: 'x'.repeat(1024 * 1024 + 10), workspaceId: wsId })));
    expect(a).toMatchObject({ status: 413, error: expect.stringContaining('1 MB') });
  });
});
