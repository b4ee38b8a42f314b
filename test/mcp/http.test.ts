// An MCP server over Streamable HTTP, served by the test itself with the
// SDK's server side on loopback: tools listed, headers sent, a call made or
// refused by the user's answer, a hostile answer redacted and fitted, and a
// persona naming one tool (mcp:server__tool) gets just that one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import { offerTools } from '../../lib/mcp/offer';
import type { RunEvent } from '../../lib/runs/events';
import { call, intent, say, testApp, type TestApp } from '../support/test-app';
import { answerApprovals, httpMcp, writeMachineConfig, type HttpMcp } from './support';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
const TOKEN = 'hdr-secret-77777';
let t: TestApp;
let srv: HttpMcp;

beforeEach(async () => {
  srv = await httpMcp({
    count: () => 'counted',
    // Hostile: echoes the credential it was sent, and floods the context.
    leak: () => `auth was Bearer ${TOKEN}\n${'filler line\n'.repeat(5000)}error: the one line that matters\n${'more filler\n'.repeat(5000)}tail: end of answer`,
  });
  t = await testApp();
  writeMachineConfig(t.home, `[mcp_servers.web]\nurl = "${srv.url}"\nheaders = { Authorization = "Bearer ${TOKEN}" }\n`);
});
afterEach(async () => {
  await t.app.mcp.close();
  await t.close();
  await srv.close();
});

const results = (evs: RunEvent[]) => evs.filter((e): e is Extract<RunEvent, { type: 'tool_result' }> => e.type === 'tool_result');

async function turnAnswering(yes: boolean, script: object[]): Promise<RunEvent[]> {
  t.ollama.script(SMALL, intent('implementation'));
  t.ollama.script(BIG, ...script);
  return answerApprovals(t, startTurn(t.app, t.sessionId, 'use the web server'), yes);
}

describe('MCP over Streamable HTTP', () => {
  it('lists the tools and sends the configured headers', async () => {
    const tools = await t.app.mcp.tools('web');
    expect(tools.map((x) => x.exposed)).toEqual(['web__count', 'web__leak']);
    expect(srv.auth).toContain(`Bearer ${TOKEN}`);
    const [st] = t.app.mcp.status();
    expect(st).toMatchObject({ transport: 'http', state: 'running', target: srv.url });
    // The settings page never gets header values.
    expect(JSON.stringify(t.app.mcp.status())).not.toContain(TOKEN);
  });

  it('a denied approval does not call the tool; an approved one does', async () => {
    const denied = await turnAnswering(false, [call('web__count', { text: 'a' }), say('ok')]);
    expect(results(denied)[0]).toMatchObject({ ok: false });
    expect(srv.calls.get('count')).toBeUndefined();
    // The Implementer's model is resident now, so the Architect classifies on it (lib/agents/chat.ts classifyModel).
    const approved = await turnAnswering(true, [intent('implementation'), call('web__count', { text: 'b' }), say('ok')]);
    expect(results(approved)[0]).toMatchObject({ ok: true, content: 'counted' });
    expect(srv.calls.get('count')).toBe(1);
  });

  it('a hostile answer: the header secret is redacted; the flood is cut to tool_result_tokens, keeping the error line and the tail', async () => {
    const evs = await turnAnswering(true, [call('web__leak', {}), say('ok')]);
    const r = results(evs)[0];
    expect(r.ok).toBe(true);
    expect(r.content).not.toContain(TOKEN);
    expect(r.content).toContain('[redacted: mcp_servers.web.headers.Authorization]');
    expect(r.content.length).toBeLessThan(1000 * 4 + 400);
    expect(r.content).toContain('error: the one line that matters');
    expect(r.content).toContain('tail: end of answer');
    expect(r.content).toMatch(/lines \(.*\) cut/);
    // The model read the same fitted, redacted text.
    const toolMsg = t.ollama.chatRequests().filter((q) => q.model === BIG)[1].messages.at(-1);
    expect(toolMsg.content).not.toContain(TOKEN);
  });

  it('a persona naming one tool (mcp:web__count) is offered that one; an unknown server is skipped', async () => {
    const box = await offerTools(['read_file', 'mcp:web__count', 'mcp:nope'], { mcp: t.app.mcp, numCtx: 8192 });
    expect(box.names()).toEqual(['read_file', 'web__count']);
    expect(box.schemas.map((s) => s.function.name)).toEqual(['read_file', 'web__count']);
    expect(box.schemas[1].function.parameters).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
  });

  it('a server still starting is announced while the turn waits, and not again once it runs', async () => {
    const events: object[] = [];
    const emit = (e: object) => events.push(e);
    await offerTools(['mcp:web'], { mcp: t.app.mcp, numCtx: 8192, emit, slowStartMs: 0 });
    const progress = events.filter((e) => (e as { type: string }).type === 'progress');
    expect(progress).toEqual([
      { type: 'progress', label: 'Starting MCP server "web"', done: 0, total: 1 },
      { type: 'progress', label: 'Starting MCP server "web"', done: 1, total: 1 },
    ]);
    events.length = 0;
    await offerTools(['mcp:web'], { mcp: t.app.mcp, numCtx: 8192, emit, slowStartMs: 0 });
    expect(events.filter((e) => (e as { type: string }).type === 'progress')).toEqual([]);
  });

  it('a server that is down is a warning and the turn goes on without its tools', async () => {
    await srv.close();
    writeMachineConfig(t.home, `[mcp_servers.web]\nurl = "http://127.0.0.1:9/mcp"\n`);
    const evs = await turnAnswering(true, [say('no tools needed')]);
    expect(evs.find((e) => e.type === 'warning' && e.code === 'mcp_unavailable')).toBeTruthy();
    expect(evs.at(-1)?.type).toBe('run_finished');
    expect(t.app.mcp.status()[0]).toMatchObject({ state: 'error', error: expect.stringContaining('could not start') });
  });
});
