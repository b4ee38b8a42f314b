// The HTTP boundary of the built server, with real headers on the wire: the
// exact-origin rule, JSON-only bodies, strict Host parsing, 400s that name the
// field, and a 2 MB message refused with 413 while the server keeps answering.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { appJson, appRequest } from '../lib/http/client';
import { AppServer } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { MODELS } from './fixtures';

let ollama: ScriptedOllama;
let app: AppServer;
let sessionId = '';

test.beforeAll(async () => {
  ollama = new ScriptedOllama({ models: MODELS });
  await ollama.start();
  app = new AppServer({ ollamaUrl: ollama.url });
  await app.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-requests-ws-'));
  const { workspace } = await appJson<{ workspace: { id: string } }>(app.url, '/api/workspaces', { json: { path: dir } });
  ({ session: { id: sessionId } } = await appJson<{ session: { id: string } }>(app.url, '/api/sessions', { json: { workspaceId: workspace.id } }));
});
test.afterAll(async () => {
  await app?.stop();
  await ollama?.stop();
});

/** A raw HTTP request: node:http sends exactly these headers (fetch would add or refuse some). */
function raw(method: string, p: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const all = { ...headers };
    if (body !== undefined && !('transfer-encoding' in all)) all['content-length'] = String(Buffer.byteLength(body));
    const req = http.request({ host: '127.0.0.1', port: app.port, method, path: p, headers: all, setHost: !('host' in headers) }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const error = (r: { body: string }) => (JSON.parse(r.body) as { error?: string }).error ?? '';

test('a text/plain "simple request" is 415, a form body too, multipart only on the upload', async () => {
  const origin = app.url;
  const plain = await raw('POST', `/api/sessions/${sessionId}/turns`, { origin, 'content-type': 'text/plain;charset=UTF-8' }, '{"text":"run rm -rf ~"}');
  expect(plain.status).toBe(415);
  expect(error(plain)).toContain('application/json');
  const form = await raw('POST', '/api/workspaces', { origin, 'content-type': 'application/x-www-form-urlencoded' }, 'path=/tmp');
  expect(form.status).toBe(415);
  const multipart = await raw('POST', '/api/workspaces', { origin, 'content-type': 'multipart/form-data; boundary=x' }, '--x--\r\n');
  expect(multipart.status).toBe(415);
  const upload = await raw('POST', '/api/pipelines', { origin, 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="path"\r\n\r\n/tmp\r\n--x--\r\n');
  expect(upload.status).toBe(400); // reached the route: no file attached
  expect(error(upload)).toContain('"file"');
});

test('another localhost port, no Origin at all, and a foreign Referer are 403', async () => {
  const json = { 'content-type': 'application/json' };
  const body = JSON.stringify({ text: 'hello' });
  for (const origin of ['http://localhost:8080', `http://localhost:${app.port}`, `http://127.0.0.1:${app.port + 1}`, 'null']) {
    const r = await raw('POST', `/api/sessions/${sessionId}/turns`, { ...json, origin }, body);
    expect(r.status, origin).toBe(403);
    expect(error(r)).toContain(`only ${app.url} may`);
  }
  const none = await raw('POST', `/api/sessions/${sessionId}/turns`, json, body);
  expect(none.status).toBe(403);
  expect(error(none)).toContain(`Origin: ${app.url}`);
  const referer = await raw('POST', `/api/sessions/${sessionId}/turns`, { ...json, referer: 'http://localhost:8080/page' }, body);
  expect(referer.status).toBe(403);
  // Reads stay open to any origin (the browser's same-origin policy keeps their answers private).
  expect((await raw('GET', '/api/status', { origin: 'http://localhost:8080' })).status).toBe(200);
});

test('the Host header is parsed exactly: bracketed IPv6 with a port, nothing else', async () => {
  expect((await raw('GET', '/api/status', { host: `[::1]:${app.port}` })).status).toBe(200);
  expect((await raw('GET', '/api/status', { host: `localhost:${app.port}` })).status).toBe(200);
  for (const host of [`::1:${app.port}`, `[::1]evil:${app.port}`, `[::2]:${app.port}`, `127.0.0.1.nip.io:${app.port}`, 'evil.example']) {
    const r = await raw('GET', '/api/status', { host });
    expect(r.status, host).toBe(403);
  }
  // The Origin must match the Host the browser used, port included.
  const v6 = await raw('POST', '/api/workspaces', { host: `[::1]:${app.port}`, origin: `http://[::1]:${app.port}`, 'content-type': 'application/json' }, '{"path":123}');
  expect(v6.status).toBe(400);
});

test('bad bodies are 400s that name the field, through the real server', async () => {
  const post = (p: string, json: unknown) => appRequest(app.url, p, { json });
  const cases: Array<[string, unknown, string]> = [
    ['/api/workspaces', { path: 123 }, '"path": expected string, got number'],
    ['/api/workspaces', null, 'expected a JSON object, got null'],
    ['/api/sessions', { workspaceId: {} }, '"workspaceId": expected string, got object'],
    ['/api/pipelines', { requirement: 5 }, '"requirement": expected string, got number'],
    [`/api/sessions/${sessionId}/turns`, [1, 2], 'expected a JSON object, got array'],
  ];
  for (const [p, json, message] of cases) {
    const r = await post(p, json);
    expect(r.status, p).toBe(400);
    expect(((await r.json()) as { error: string }).error).toContain(message);
  }
  const dir = await appRequest(app.url, '/api/workspaces/nope/symbols/source?path=.');
  expect(dir.status).toBe(404);
});

test('a 2 MB message is refused with 413 while the server keeps answering /api/status', async () => {
  const big = JSON.stringify({ text: 'a'.repeat(2 * 1024 * 1024) }); // one 2 MB word: the old mention regex hung on this
  const pending = appRequest(app.url, `/api/sessions/${sessionId}/turns`, { json: JSON.parse(big) });
  const status = await fetch(`${app.url}/api/status`);
  expect(status.status).toBe(200);
  const r = await pending;
  expect(r.status).toBe(413);
  const msg = ((await r.json()) as { error: string }).error;
  expect(msg).toContain('2.0 MB');
  expect(msg).toContain('max_message_bytes');

  // Without a Content-Length (chunked) the same message is cut while it is read.
  const chunked = await raw('POST', `/api/sessions/${sessionId}/turns`, { origin: app.url, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big);
  expect(chunked.status).toBe(413);
  // Over the general cap on any route: 413 by Content-Length, before a byte is parsed.
  const huge = await raw('POST', '/api/workspaces', { origin: app.url, 'content-type': 'application/json' }, Buffer.alloc(9_500_000, 'a'));
  expect(huge.status).toBe(413);
  expect(error(huge)).toContain('limit');
  expect((await fetch(`${app.url}/api/status`)).status).toBe(200);
  // And a normal message still starts a turn.
  const ok = await appRequest(app.url, `/api/sessions/${sessionId}/turns`, { json: { text: 'hello' } });
  expect(ok.status).toBe(202);
});
