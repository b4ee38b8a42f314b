// Model residency against the scripted Ollama: one chat model at a time, the
// embedding model left alone, unloads confirmed through /api/ps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OllamaUnavailableError, Residency } from '../../lib/llm/residency';
import type { EventBody } from '../../lib/runs/events';
import { freePort } from '../support/app-server';
import { ScriptedOllama } from '../support/scripted-ollama';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
const EMBED = 'nomic-embed-text';
let ollama: ScriptedOllama;
let events: EventBody[];
const emit = (e: EventBody) => events.push(e);
const post = (path: string, body: unknown) => fetch(`${ollama.url}${path}`, { method: 'POST', body: JSON.stringify(body) });

beforeEach(async () => {
  ollama = new ScriptedOllama({ models: [SMALL, BIG, EMBED] });
  await ollama.start();
  events = [];
});
afterEach(async () => {
  await ollama.stop();
});

describe('residency', () => {
  it('unloads what another client left, keeps the embedding model, and does not reload the same model', async () => {
    await post('/api/generate', { model: BIG, prompt: '' }); // a chat session left the 14b loaded
    await post('/api/embed', { model: EMBED, input: 'x' });
    const r = new Residency({ host: ollama.url, keep: [EMBED] });
    await r.ensure(SMALL, 4096, emit);
    expect(events.map((e) => `${e.type}:${'model' in e ? e.model : ''}`)).toEqual([`model_unload:${BIG}`, `model_load:${SMALL}`]);
    expect(ollama.loaded().sort()).toEqual([`${EMBED}:latest`, SMALL]);
    const requests = ollama.requests.length;
    await r.ensure(SMALL, 4096, emit);
    expect(ollama.requests.length).toBe(requests); // back to back: no request at all
    await r.ensure(BIG, 4096, emit);
    expect(ollama.loaded().sort()).toEqual([`${EMBED}:latest`, BIG]);
    expect(ollama.maxConcurrentChatModels()).toBe(1);
    // The load asked for the context size the chat calls will use, and a finite keep_alive.
    const load = ollama.requests.filter((q) => q.path === '/api/generate').at(-1)!.body;
    expect(load).toMatchObject({ model: BIG, prompt: '', keep_alive: '30m', options: { num_ctx: 4096 } });
    await r.release(emit);
    expect(ollama.loaded()).toEqual([`${EMBED}:latest`]);
  });

  it('warns when /api/ps keeps listing a model it was told to unload', async () => {
    ollama.script(SMALL, { content: 'x', hang: true });
    const r = new Residency({ host: ollama.url, keep: [EMBED], confirmTimeoutMs: 300 });
    await r.ensure(SMALL, 4096, emit);
    // A request still running keeps the model busy: Ollama unloads it only when that ends.
    const busy = new AbortController();
    const pending = fetch(`${ollama.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: SMALL, messages: [{ role: 'user', content: 'hi' }], options: { num_ctx: 4096 } }), signal: busy.signal }).catch(() => null);
    for (let i = 0; i < 50 && ollama.chatRequests().length === 0; i++) await new Promise((res) => setTimeout(res, 10));
    await r.ensure(BIG, 4096, emit);
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'unload_unconfirmed', message: expect.stringMatching(/still lists qwen2.5-coder:7b/) });
    busy.abort();
    await pending;
  });

  it('says Ollama is unavailable (retriable) when nothing listens', async () => {
    const r = new Residency({ host: `http://127.0.0.1:${await freePort()}`, keep: [EMBED] });
    await expect(r.ensure(SMALL, 4096, emit)).rejects.toBeInstanceOf(OllamaUnavailableError);
  });
});
