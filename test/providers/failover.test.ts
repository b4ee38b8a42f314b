// Several hosts per provider: a host killed in the middle of a streamed reply
// is marked down and the call starts again on another host; the partial
// reply is closed as partial and the UI is told it was restarted. Ollama
// hosts: the one that already has the model loaded (/api/ps) is chosen.
import { afterEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import type { RunEvent } from '../../lib/runs/events';
import { ScriptedOllama } from '../support/scripted-ollama';
import { ScriptedOpenAI } from '../support/scripted-openai';
import { testApp, type TestApp } from '../support/test-app';

const MODEL = 'qwen2.5-coder-32b';
let t: TestApp | undefined;
const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(stops.splice(0).map((s) => s().catch(() => {})));
});

async function openai() {
  const s = new ScriptedOpenAI({ models: [MODEL] });
  await s.start();
  stops.push(() => s.stop());
  return s;
}

async function quick(text: string) {
  const runId = startTurn(t!.app, t!.sessionId, text, { quick: true });
  await t!.app.runs.wait(runId);
  return t!.events(runId);
}

const of = <K extends RunEvent['type']>(events: RunEvent[], type: K) => events.filter((e): e is Extract<RunEvent, { type: K }> => e.type === type);

describe('failover between hosts', () => {
  it('openai kind: the first host dies mid-stream, the reply restarts and finishes on the second', async () => {
    const a = await openai();
    const b = await openai();
    t = await testApp({
      CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [a.baseURL, b.baseURL] } }),
      CA_QUICK_PROVIDER: 'gpu', CA_QUICK_MODEL: MODEL,
    });
    // Host a streams three tokens and then the whole server goes away.
    a.script(MODEL, { chunks: ['The ', 'answer ', 'is ', 'forty', '-two.'], delayMs: 5, onSent: (i) => i === 3 && void a.stop() });
    b.script(MODEL, { content: 'The answer is forty-two.' });
    const events = await quick('what is the answer?');
    expect(events.at(-1)?.type).toBe('run_finished');

    const done = of(events, 'message_done');
    expect(done).toHaveLength(2);
    // What host a said stays visible, marked partial; the full reply is a new message from b.
    // (The frame in flight when the server died may or may not have arrived.)
    expect(done[0]).toMatchObject({ partial: true, host: a.baseURL });
    expect(done[0]!.content).toMatch(/^The answer (is )?$/);
    expect(done[1]).toMatchObject({ content: 'The answer is forty-two.', provider: 'gpu', host: b.baseURL });
    expect(done[1]!.partial).toBeUndefined();
    const warning = of(events, 'warning').find((w) => w.code === 'host_failover');
    expect(warning?.message).toContain(`${a.baseURL} stopped in the middle of the reply`);
    expect(warning?.message).toContain(`restarted from the beginning on ${b.baseURL}`);
    // Tokens of the first attempt are never sent again under the new message.
    const started = of(events, 'message_started');
    expect(started).toHaveLength(2);
    const deltas = (id: string) => of(events, 'message_delta').filter((d) => d.messageId === id).map((d) => d.text).join('');
    expect(deltas(started[1]!.messageId)).toBe('The answer is forty-two.');

    // Host a is down until a probe finds it back; the home page says so.
    const status = await t.app.providers.status(t.app.config().values);
    const hosts = status.find((s) => s.name === 'gpu')!.hosts;
    expect(hosts.find((h) => h.url === a.baseURL)?.state).toBe('down');
    expect(hosts.find((h) => h.url === b.baseURL)?.state).toBe('up');

    // The next call goes straight to b.
    b.script(MODEL, { content: 'Still here.' });
    const next = await quick('again');
    expect(of(next, 'message_done')).toEqual([expect.objectContaining({ host: b.baseURL, content: 'Still here.' })]);
    expect(of(next, 'warning').filter((w) => w.code === 'host_failover')).toHaveLength(0);
  });

  it('a host refused before anything streamed: retried on the other without a restart notice', async () => {
    const b = await openai();
    const dead = new ScriptedOpenAI({ models: [MODEL] });
    await dead.start();
    await dead.stop(); // its port refuses connections now
    t = await testApp({
      CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [dead.baseURL, b.baseURL] } }),
      CA_QUICK_PROVIDER: 'gpu', CA_QUICK_MODEL: MODEL,
    });
    b.script(MODEL, { content: 'Hello.' });
    const events = await quick('hi');
    expect(of(events, 'message_done')).toEqual([expect.objectContaining({ host: b.baseURL, content: 'Hello.' })]);
    expect(of(events, 'warning').filter((w) => w.code === 'host_failover')).toHaveLength(0);
  });

  it('every host down: the error names the host and says what to do', async () => {
    const dead = new ScriptedOpenAI({ models: [MODEL] });
    await dead.start();
    await dead.stop();
    t = await testApp({ CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [dead.baseURL] } }), CA_QUICK_PROVIDER: 'gpu', CA_QUICK_MODEL: MODEL });
    const failed = of(await quick('hi'), 'run_failed')[0];
    expect(failed?.error).toContain(`The model server at ${dead.baseURL} is not reachable`);
  });

  it('ollama kind: the host that has the model loaded gets the call, and residency holds per host', async () => {
    const small = 'qwen2.5-coder:7b';
    const a = new ScriptedOllama({ models: [small, 'nomic-embed-text'] });
    const b = new ScriptedOllama({ models: [small, 'nomic-embed-text'] });
    await a.start();
    await b.start();
    stops.push(() => a.stop(), () => b.stop());
    // b already has the model in memory (a load through keep_alive, as Ollama does it).
    await fetch(`${b.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: small, prompt: '', keep_alive: '5m' }) });
    t = await testApp({ CA_PROVIDERS: JSON.stringify({ local: { kind: 'ollama', urls: [a.url, b.url] } }), CA_QUICK_PROVIDER: 'local', CA_QUICK_MODEL: small });
    b.script(small, { content: 'from b' });
    const events = await quick('hi');
    expect(of(events, 'message_done')).toEqual([expect.objectContaining({ provider: 'local', host: b.url, content: 'from b' })]);
    expect(a.chatRequests()).toHaveLength(0);
    // num_ctx pinning and keep_alive stay on for the ollama kind.
    expect(b.chatRequests()[0].options.num_ctx).toBeGreaterThanOrEqual(2048);
    expect(b.chatRequests()[0].keep_alive).toBe('30m');
    const hosts = (await t.app.providers.status(t.app.config().values)).find((s) => s.name === 'local')!.hosts;
    expect(hosts.find((h) => h.url === b.url)?.loaded).toContain('qwen2.5-coder:7b');
    expect(hosts.find((h) => h.url === a.url)?.loaded).toEqual([]);
  });

  it('ollama kind: a host that dies mid-stream fails over to the other, which loads the model under its own residency', async () => {
    const small = 'qwen2.5-coder:7b';
    const a = new ScriptedOllama({ models: [small] });
    const b = new ScriptedOllama({ models: [small] });
    await a.start();
    await b.start();
    stops.push(() => a.stop(), () => b.stop());
    t = await testApp({ CA_PROVIDERS: JSON.stringify({ local: { kind: 'ollama', urls: [a.url, b.url] } }), CA_QUICK_PROVIDER: 'local', CA_QUICK_MODEL: small });
    a.script(small, { chunks: ['one ', 'two ', 'three'], dropAfterChunks: 2 });
    b.script(small, { content: 'one two three' });
    const events = await quick('count');
    expect(events.at(-1)?.type).toBe('run_finished');
    const done = of(events, 'message_done');
    expect(done.at(-1)).toMatchObject({ host: b.url, content: 'one two three' });
    expect(done[0]).toMatchObject({ host: a.url, partial: true });
    // b loaded the model through the app's arbiter for b (a model_load event), not implicitly.
    expect(of(events, 'model_load').length).toBeGreaterThanOrEqual(1);
    expect(b.loaded()).toContain('qwen2.5-coder:7b');
  });
});
