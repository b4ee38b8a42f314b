// Chat turns through an `openai`-kind provider: the project's scripted
// OpenAI-compatible server streams tool calls in fragments, the agent loop
// runs real tools in a temp workspace, and errors read as what to do.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import { appStatus } from '../../lib/status';
import type { RunEvent } from '../../lib/runs/events';
import { ScriptedOpenAI, oaCall, oaSay, openaiErrors } from '../support/scripted-openai';
import { testApp, type TestApp } from '../support/test-app';

const MODEL = 'qwen2.5-coder-32b';
const KEY = 'sk-scripted-0123456789';
let t: TestApp | undefined;
const servers: ScriptedOpenAI[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(servers.splice(0).map((s) => s.stop().catch(() => {})));
});

async function server(opts: ConstructorParameters<typeof ScriptedOpenAI>[0] = {}) {
  const s = new ScriptedOpenAI({ models: [MODEL], apiKey: KEY, ...opts });
  await s.start();
  servers.push(s);
  return s;
}

/** An app whose Architect and Implementer live on provider "gpu" (these hosts), Quick too. */
async function appOn(urls: string[], extra: Record<string, string> = {}) {
  t = await testApp({
    CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls, api_key: KEY } }),
    CA_ARCHITECT_PROVIDER: 'gpu', CA_IMPLEMENTER_PROVIDER: 'gpu', CA_QUICK_PROVIDER: 'gpu',
    CA_ARCHITECT_MODEL: MODEL, CA_IMPLEMENTER_MODEL: MODEL, CA_QUICK_MODEL: MODEL,
    ...extra,
  });
  return t;
}

async function turn(text: string, opts: { quick?: boolean } = {}) {
  const runId = startTurn(t!.app, t!.sessionId, text, opts);
  await t!.app.runs.wait(runId);
  return t!.events(runId);
}

const of = <K extends RunEvent['type']>(events: RunEvent[], type: K) => events.filter((e): e is Extract<RunEvent, { type: K }> => e.type === type);

describe('openai kind', () => {
  it('a chat turn streams tool calls in fragments, writes a real file and records provider and host', async () => {
    const gpu = await server({ argumentFragment: 5 });
    await appOn([gpu.baseURL]);
    gpu.script(MODEL,
      oaSay(JSON.stringify({ intent: 'implementation', reason: 'scripted' })),
      oaCall('write_file', { path: 'hello.py', content: 'print("hello from vllm")\n' }),
      oaSay('Created hello.py.'),
    );
    const events = await turn('create hello.py that prints a greeting');
    expect(events.at(-1)?.type).toBe('run_finished');
    expect(fs.readFileSync(path.join(t!.workspace, 'hello.py'), 'utf8')).toBe('print("hello from vllm")\n');
    // Nothing went to Ollama.
    expect(t!.ollama.chatRequests()).toHaveLength(0);

    const reqs = gpu.chatRequests();
    expect(reqs).toHaveLength(3);
    for (const r of reqs) {
      expect(r.stream).toBe(true);
      expect(r.stream_options).toEqual({ include_usage: true });
      expect(r.options).toBeUndefined(); // no num_ctx on this kind
    }
    expect(gpu.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(reqs[0].response_format?.type).toBe('json_schema');
    expect(reqs[1].tools.map((x: any) => x.function.name)).toContain('write_file');
    // The tool result answers the call by the id the assistant message gave it.
    const followUp = reqs[2].messages;
    const assistant = followUp.find((m: any) => m.role === 'assistant' && m.tool_calls);
    const tool = followUp.find((m: any) => m.role === 'tool');
    expect(JSON.parse(assistant.tool_calls[0].function.arguments)).toEqual({ path: 'hello.py', content: 'print("hello from vllm")\n' });
    expect(tool.tool_call_id).toBe(assistant.tool_calls[0].id);

    const done = of(events, 'message_done');
    expect(done.length).toBe(2);
    for (const d of done) {
      expect(d).toMatchObject({ provider: 'gpu', host: gpu.baseURL });
      expect(d.promptTokens).toBeGreaterThan(0); // from the usage chunk
      expect(d.completionTokens).toBeGreaterThan(0);
    }
    expect(of(events, 'tool_result')[0]).toMatchObject({ tool: 'write_file', ok: true });
  });

  it('malformed tool-call JSON from the server goes through the same repair as Ollama', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL,
      oaSay(JSON.stringify({ intent: 'implementation', reason: 'scripted' })),
      oaCall('write_file', "{'path': 'a.txt', 'content': 'repaired',}"),
      oaSay('Done.'),
    );
    const events = await turn('write a.txt');
    expect(fs.readFileSync(path.join(t!.workspace, 'a.txt'), 'utf8')).toBe('repaired');
    expect(of(events, 'salvage').map((s) => s.kind)).toContain('repaired_json');
  });

  it('tool calls printed as text are recovered, as on Ollama', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL,
      oaSay(JSON.stringify({ intent: 'implementation', reason: 'scripted' })),
      oaSay('{"name": "write_file", "arguments": {"path": "b.txt", "content": "from text"}}'),
      oaSay('Done.'),
    );
    await turn('write b.txt');
    expect(fs.readFileSync(path.join(t!.workspace, 'b.txt'), 'utf8')).toBe('from text');
  });

  it('a server that refuses tools (vLLM without --enable-auto-tool-choice) gets the text tool protocol', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL,
      oaSay(JSON.stringify({ intent: 'implementation', reason: 'scripted' })),
      { error: { status: 400, type: 'BadRequestError', message: '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set' } },
      oaSay('<tool_call>{"name": "write_file", "arguments": {"path": "c.txt", "content": "via text"}}</tool_call>'),
      oaSay('Done.'),
    );
    const events = await turn('write c.txt');
    expect(fs.readFileSync(path.join(t!.workspace, 'c.txt'), 'utf8')).toBe('via text');
    expect(of(events, 'warning').some((w) => w.code === 'text_tools')).toBe(true);
    // The retried request described the tools in the prompt instead of sending them.
    expect(gpu.chatRequests()[2].tools).toBeUndefined();
  });

  it('Stop aborts the request to the server', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL, { chunks: ['thinking ', 'about ', 'it'], hang: true });
    const runId = startTurn(t!.app, t!.sessionId, 'hi', { quick: true });
    while (!t!.events(runId).some((e) => e.type === 'message_started')) await new Promise((r) => setTimeout(r, 10));
    t!.app.runs.cancel(runId);
    await t!.app.runs.wait(runId);
    expect(t!.events(runId).at(-1)?.type).toBe('run_cancelled');
  });

  it('a 429 says it is rate limiting and to wait or add a host', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL, { error: openaiErrors.rateLimit });
    const events = await turn('hi', { quick: true });
    const failed = of(events, 'run_failed')[0];
    expect(failed?.error).toMatch(/rate limiting requests \(429/);
    expect(failed?.error).toMatch(/Wait a moment and try again, or add another host/);
  });

  it('a context-length error names the model and says to lower num_ctx', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    gpu.script(MODEL, { error: openaiErrors.contextLength(4096, 9000) });
    const events = await turn('hi', { quick: true });
    const failed = of(events, 'run_failed')[0];
    expect(failed?.error).toMatch(new RegExp(`longer than ${MODEL}'s context window`));
    expect(failed?.error).toMatch(/maximum context length is 4096/);
    expect(failed?.error).toMatch(/Lower num_ctx/);
  });

  it('a wrong API key and an unknown model say what to fix', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL], { CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [gpu.baseURL], api_key: 'sk-wrong-key-000' } }) });
    let failed = of(await turn('hi', { quick: true }), 'run_failed')[0];
    expect(failed?.error).toMatch(/refused the API key \(401.*Set api_key for this provider in your machine config/);
    await t!.close();
    await appOn([gpu.baseURL], { CA_QUICK_MODEL: 'no-such-model' });
    failed = of(await turn('hi', { quick: true }), 'run_failed')[0];
    expect(failed?.error).toMatch(/does not serve no-such-model/);
  });

  it('lists the models of /v1/models for the home page', async () => {
    const gpu = await server({ models: [MODEL, 'llama-3.1-8b'] });
    await appOn([gpu.baseURL]);
    const status = await t!.app.providers.status(t!.app.config().values);
    const p = status.find((s) => s.name === 'gpu')!;
    expect(p).toMatchObject({ kind: 'openai', builtIn: false });
    expect(p.usedBy).toEqual(['architect_provider', 'implementer_provider', 'quick_provider']);
    expect(p.hosts).toEqual([expect.objectContaining({ url: gpu.baseURL, state: 'up', models: [MODEL, 'llama-3.1-8b'], loaded: null })]);
    // The built-in provider is there too, with what its Ollama has loaded.
    expect(status.find((s) => s.name === 'ollama_host')?.hosts[0]).toMatchObject({ url: t!.ollama.url, state: 'up', loaded: [] });
    // A model served by gpu is not "missing" from Ollama: no `ollama pull` is suggested for it.
    expect((await appStatus(t!.app)).missing.map((m) => m.model)).not.toContain(MODEL);
  });

  it("budgets to the context window the server reports (vLLM's max_model_len), under default_num_ctx", async () => {
    const gpu = await server({ maxModelLen: { [MODEL]: 2048 } });
    await appOn([gpu.baseURL]);
    const implementer = (await appStatus(t!.app)).personaModels.find((m) => m.key === 'implementer_model');
    expect(implementer).toMatchObject({ model: MODEL, contextLength: 2048, numCtx: 2048 });
    // A configured value still wins.
    await t!.close();
    const again = await server({ maxModelLen: { [MODEL]: 2048 } });
    await appOn([again.baseURL], { CA_DEFAULT_NUM_CTX: '1024' });
    expect((await appStatus(t!.app)).personaModels.find((m) => m.key === 'implementer_model')).toMatchObject({ contextLength: 2048, numCtx: 1024 });
  });

  it('a summary call caps its reply with max_tokens, as num_predict does on Ollama', async () => {
    const gpu = await server();
    await appOn([gpu.baseURL]);
    for (let i = 1; i <= 3; i++) {
      gpu.script(MODEL, oaSay(JSON.stringify({ intent: 'conversational', reason: 'scripted' })), oaSay(`Answer ${i}: ${'the parser reads one token at a time and keeps a stack of open scopes. '.repeat(8)}`));
      await turn(`question ${i}: ${'how does the parser in parse.py handle nested scopes and errors? '.repeat(4)}`);
    }
    gpu.script(MODEL, oaSay('Goal: answer questions. Decisions: none. Files: none. Open: none.'));
    const events = await turn('/compact');
    expect(of(events, 'history_compacted')).toHaveLength(1);
    const summary = gpu.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!;
    expect(summary.body.max_tokens).toBeGreaterThan(0);
    // Ordinary replies are not capped.
    expect(gpu.requests.filter((r) => r.path === '/v1/chat/completions')[1]!.body.max_tokens).toBeUndefined();
  });
});
