// A real MCP server from npm (@modelcontextprotocol/server-everything) over
// stdio, driven by a chat turn whose model is the scripted Ollama: its tools
// are listed and offered as server__tool, a call asks for approval (a denied
// one is not made), a trusted server does not ask, the allow-list holds, the
// server ends with the app and comes back after a crash.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import type { RunEvent } from '../../lib/runs/events';
import { call, intent, say, testApp, type TestApp } from '../support/test-app';
import { alive, answerApprovals, everything, waitFor, writeMachineConfig } from './support';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
let t: TestApp | undefined;

afterEach(async () => {
  if (t) {
    await t.app.mcp.close();
    await t.close();
  }
  t = undefined;
});

async function setup(toml: string, env: Record<string, string> = {}): Promise<TestApp> {
  t = await testApp(env);
  writeMachineConfig(t.home, toml);
  return t;
}

const results = (evs: RunEvent[]) => evs.filter((e): e is Extract<RunEvent, { type: 'tool_result' }> => e.type === 'tool_result');
const offeredNames = (req: { tools?: { function: { name: string } }[] }) => (req.tools ?? []).map((x) => x.function.name);


describe('MCP over stdio (server-everything)', () => {
  it('lists its tools with their schemas and state; nothing starts before first use', async () => {
    const a = await setup(everything('every'));
    expect(a.app.mcp.status()).toMatchObject([{ name: 'every', transport: 'stdio', state: 'stopped', trusted: false }]);
    const tools = await a.app.mcp.tools('every');
    const echo = tools.find((x) => x.name === 'echo');
    expect(echo).toMatchObject({ exposed: 'every__echo', inputSchema: { type: 'object', properties: { message: { type: 'string' } } } });
    expect(echo!.tokens).toBeGreaterThan(10);
    const [st] = a.app.mcp.status();
    expect(st.state).toBe('running');
    expect(st.pid).toBeGreaterThan(0);
    expect(st.schemaTokens).toBe(tools.reduce((n, x) => n + x.tokens, 0));
  });

  it('a chat turn offers server__tool to the Implementer; the call asks for approval and the answer reaches the model', async () => {
    // Its 13 schemas take ~2k tokens, more than the default 15% of num_ctx 8192.
    const a = await setup(`mcp_schema_share = 0.5\n${everything('every')}`);
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__echo', { message: 'hello over MCP' }), say('Echoed.'));
    const runId = startTurn(a.app, a.sessionId, 'echo something through the every server');
    const evs = await answerApprovals(a, runId, true);
    const asked = evs.find((e) => e.type === 'approval_requested');
    expect(asked).toMatchObject({ tool: 'every__echo', command: 'every__echo {"message":"hello over MCP"}' });
    expect(asked && 'note' in asked && asked.note).toContain('trusted = true');
    expect(results(evs)[0]).toMatchObject({ tool: 'every__echo', ok: true });
    expect(results(evs)[0].content).toContain('Echo: hello over MCP');
    const reqs = a.ollama.chatRequests().filter((r) => r.model === BIG);
    expect(offeredNames(reqs[0])).toEqual(expect.arrayContaining(['read_file', 'run_shell', 'every__echo', 'every__get-sum']));
    expect(reqs[1].messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('Echo: hello over MCP') });
    // The schemas' cost is shown with the turn.
    const used = evs.find((e) => e.type === 'context_used' && e.source === 'mcp');
    expect(used).toMatchObject({ items: [{ path: 'mcp:every' }] });
    expect(used && 'tokens' in used && used.tokens).toBeGreaterThan(100);
  });

  it('a denied approval does not call the tool', async () => {
    const a = await setup(everything('every'));
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__echo', { message: 'no' }), say('ok'));
    const runId = startTurn(a.app, a.sessionId, 'echo');
    const evs = await answerApprovals(a, runId, false);
    expect(results(evs)[0]).toMatchObject({ ok: false, content: expect.stringContaining('declined') });
    expect(results(evs)[0].content).not.toContain('Echo:');
  });

  it('trusted = true: the call runs without asking; shell_policy = deny still refuses it', async () => {
    const a = await setup(everything('every', 'trusted = true'));
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__get-sum', { a: 2, b: 3 }), say('5'));
    const runId = startTurn(a.app, a.sessionId, 'add 2 and 3');
    await a.app.runs.wait(runId);
    const evs = a.events(runId);
    expect(evs.some((e) => e.type === 'approval_requested')).toBe(false);
    expect(results(evs)[0]).toMatchObject({ tool: 'every__get-sum', ok: true, content: expect.stringContaining('5') });

    await a.app.mcp.close();
    await a.close();
    const b = await setup(everything('every', 'trusted = true'), { CA_SHELL_POLICY: 'deny' });
    b.ollama.script(SMALL, intent('implementation'));
    b.ollama.script(BIG, call('every__get-sum', { a: 2, b: 3 }), say('no'));
    const r2 = startTurn(b.app, b.sessionId, 'add');
    await b.app.runs.wait(r2);
    expect(results(b.events(r2))[0]).toMatchObject({ ok: false, content: expect.stringContaining('shell_policy = deny') });
  });

  it('the allow-list: only the listed tools are offered or callable', async () => {
    const a = await setup(everything('every', 'tools = ["echo"]\ntrusted = true'));
    expect((await a.app.mcp.tools('every')).map((x) => x.exposed)).toEqual(['every__echo']);
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__get-env', {}), say('ok'));
    const runId = startTurn(a.app, a.sessionId, 'show env');
    await a.app.runs.wait(runId);
    const names = offeredNames(a.ollama.chatRequests().filter((r) => r.model === BIG)[0]);
    expect(names).toContain('every__echo');
    expect(names).not.toContain('every__get-env');
    expect(results(a.events(runId))[0]).toMatchObject({ ok: false, content: expect.stringContaining('Unknown tool "every__get-env"') });
  });

  it('Stop during a long MCP call ends the turn at once; the server stays usable', async () => {
    const a = await setup(everything('every', 'trusted = true'));
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__trigger-long-running-operation', { duration: 600, steps: 2 }), say('never'));
    const runId = startTurn(a.app, a.sessionId, 'run the long operation');
    await waitFor(() => a.events(runId).some((e) => e.type === 'tool_call'));
    a.app.runs.cancel(runId);
    await a.app.runs.wait(runId);
    expect(a.events(runId).at(-1)?.type).toBe('run_cancelled');
    const r = await a.app.mcp.call('every', 'echo', { message: 'still here' }, { signal: new AbortController().signal, timeoutMs: 30_000 });
    expect(r).toMatchObject({ ok: true, content: 'Echo: still here' });
    expect(a.app.mcp.status()[0].restarts).toBe(0);
  });

  it('the server process is gone after app.close()', async () => {
    const a = await setup(everything('every'));
    await a.app.mcp.tools('every');
    const pid = a.app.mcp.status()[0].pid!;
    expect(alive(pid)).toBe(true);
    await a.app.close();
    await waitFor(() => !alive(pid));
    t = undefined;
    await a.ollama.stop();
    fs.rmSync(a.home, { recursive: true, force: true });
  });

  it('a crashed server is started again on next use', async () => {
    const a = await setup(everything('every', 'trusted = true'));
    await a.app.mcp.tools('every');
    const pid = a.app.mcp.status()[0].pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => a.app.mcp.status()[0].state === 'crashed');
    const r = await a.app.mcp.call('every', 'echo', { message: 'again' }, { signal: new AbortController().signal, timeoutMs: 30_000 });
    expect(r).toMatchObject({ ok: true, content: 'Echo: again' });
    const st = a.app.mcp.status()[0];
    expect(st).toMatchObject({ state: 'running', restarts: 1 });
    expect(st.pid).not.toBe(pid);
  });

  it('a hostile answer: the server\'s env secret is redacted and a huge answer fitted to tool_result_tokens', async () => {
    const a = await setup(everything('every', 'trusted = true\nenv = { API_TOKEN = "tok-very-secret-4242" }'), { CA_ANTHROPIC_API_KEY: 'sk-ant-app-secret-999' });
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('every__get-env', {}), call('every__echo', { message: 'x'.repeat(50_000) }), say('done'));
    const runId = startTurn(a.app, a.sessionId, 'show the env');
    await a.app.runs.wait(runId);
    const [env, echo] = results(a.events(runId));
    expect(env.ok).toBe(true);
    expect(env.content).toContain('[redacted: mcp_servers.every.env.API_TOKEN]');
    expect(env.content).not.toContain('tok-very-secret-4242');
    // The app's own keys never reach the server's environment.
    expect(env.content).not.toContain('sk-ant-app-secret-999');
    expect(echo.content.length).toBeLessThan(1000 * 4 + 200);
    expect(echo.content).toContain('chars cut');
  });

  it('too many schemas for the context: the server is offered by name, mcp_list_tools adds its schemas', async () => {
    const a = await setup(`mcp_schema_share = 0.01\n${everything('every', 'trusted = true')}`);
    a.ollama.script(SMALL, intent('implementation'));
    a.ollama.script(BIG, call('mcp_list_tools', { server: 'every' }), call('every__echo', { message: 'listed' }), say('ok'));
    const runId = startTurn(a.app, a.sessionId, 'use the every server');
    await a.app.runs.wait(runId);
    const reqs = a.ollama.chatRequests().filter((r) => r.model === BIG);
    expect(offeredNames(reqs[0])).toContain('mcp_list_tools');
    expect(offeredNames(reqs[0])).not.toContain('every__echo');
    expect(offeredNames(reqs[1])).toContain('every__echo');
    const [listed, echoed] = results(a.events(runId));
    expect(listed.content).toContain('every__echo {"message": string}');
    expect(echoed).toMatchObject({ ok: true, content: 'Echo: listed' });
    const used = a.events(runId).find((e) => e.type === 'context_used' && e.source === 'mcp');
    expect(JSON.stringify(used)).toContain('by name');
  });
});

describe('MCP server process group', () => {
  it('a child the server forked is gone after app.close(), even when the server ignores SIGTERM', async () => {
    const script = new URL('./forking-server.mjs', import.meta.url).pathname;
    const a = await setup(`[mcp_servers.fork]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(script)}]\ntrusted = true\n`);
    const r = await a.app.mcp.call('fork', 'child_pid', {}, { signal: new AbortController().signal, timeoutMs: 30_000 });
    const child = Number(r.content);
    const server = a.app.mcp.status()[0].pid!;
    expect(alive(child)).toBe(true);
    expect(alive(server)).toBe(true);
    await a.app.close();
    await waitFor(() => !alive(child) && !alive(server));
    t = undefined;
    await a.ollama.stop();
    fs.rmSync(a.home, { recursive: true, force: true });
  });
});
