// GET/POST /api/mcp through the real handlers and a real App: GET starts
// nothing, POST start lists the tools, bad bodies are 400s naming the field,
// an unknown server is a 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mcp from '../../app/api/mcp/route';
import type { McpServerStatus } from '../../lib/mcp/types';
import { testApp, type TestApp } from '../support/test-app';
import { everything, writeMachineConfig } from './support';

const APP_KEY = Symbol.for('code-assistant.app');
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  writeMachineConfig(t.home, everything('every', 'tools = ["echo"]'));
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t.app.mcp.close();
  await t.close();
});

const post = (raw: string) => mcp.POST(new Request('http://127.0.0.1:3000/api/mcp', { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(raw)) } }));
type Body = { servers: McpServerStatus[]; share: number; defaultNumCtx: number; error?: string };

describe('/api/mcp', () => {
  it('GET lists the servers without starting them; POST start lists their tools', async () => {
    const before = (await (await mcp.GET()).json()) as Body;
    expect(before).toMatchObject({ share: 0.15, defaultNumCtx: 8192, servers: [{ name: 'every', state: 'stopped' }] });
    const res = await post(JSON.stringify({ server: 'every', action: 'start' }));
    expect(res.status).toBe(200);
    const after = (await res.json()) as Body;
    expect(after.servers[0]).toMatchObject({ state: 'running', tools: [{ exposed: 'every__echo' }] });
    const restarted = (await (await post(JSON.stringify({ server: 'every', action: 'restart' }))).json()) as Body;
    expect(restarted.servers[0].state).toBe('running');
    expect(restarted.servers[0].pid).not.toBe(after.servers[0].pid);
  });

  it('bad input: 400 naming the field; an unknown server: 404', async () => {
    const bad = await post(JSON.stringify({ server: 'every', action: 'kill' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).error).toContain('action');
    const missing = await post(JSON.stringify({ server: 'nope', action: 'start' }));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as Body).error).toContain('nope');
  });
});
