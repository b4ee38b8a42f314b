// The arbiter against the scripted Ollama: leases of one model share it, a
// different model waits (and says so) while the host is full, first come
// first served, and max_resident_models holds whoever asks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelArbiter, type ModelLease } from '../../lib/llm/arbiter';
import type { EventBody } from '../../lib/runs/events';
import { ScriptedOllama } from '../support/scripted-ollama';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
const THIRD = 'llama3.1:8b';
const EMBED = 'nomic-embed-text';
let ollama: ScriptedOllama;

beforeEach(async () => {
  ollama = new ScriptedOllama({ models: [SMALL, BIG, THIRD, EMBED] });
  await ollama.start();
});
afterEach(async () => {
  await ollama.stop();
});

const log = () => {
  const events: EventBody[] = [];
  return { events, emit: (e: EventBody) => events.push(e) };
};
const settled = async <T>(p: Promise<T>) => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setTimeout(r, 150));
  return done;
};

describe('model arbiter', () => {
  it('shares a leased model; a second model waits, says why, and loads only after the lease ends', async () => {
    const a = new ModelArbiter({ host: ollama.url, keep: [EMBED], max: 1 });
    const pipeline = log();
    const chat = log();
    const first = await a.acquire({ model: BIG, numCtx: 4096, owner: 'the pipeline', emit: pipeline.emit });
    const shared = await a.acquire({ model: BIG, numCtx: 4096, owner: 'a chat turn', emit: chat.emit });
    expect(ollama.requests.filter((r) => r.path === '/api/generate')).toHaveLength(1); // loaded once

    const waiting = a.acquire({ model: SMALL, numCtx: 4096, owner: 'a chat turn', emit: chat.emit });
    expect(await settled(waiting)).toBe(false);
    expect(chat.events.find((e) => e.type === 'warning')).toMatchObject({ code: 'model_wait', message: expect.stringContaining(`the pipeline's model ${BIG}`) });
    first.release();
    expect(await settled(waiting)).toBe(false); // the chat turn's own lease of BIG is still running
    shared.release();
    const small = await waiting;
    expect(small.model).toBe(SMALL);
    expect(ollama.loaded().filter((m) => !m.startsWith(EMBED))).toEqual([SMALL]);
    expect(ollama.maxConcurrentChatModels()).toBe(1);
    expect(a.peakLeased).toBe(1);
    small.release();
  });

  it('serves in arrival order: a later request for the held model does not overtake a waiter', async () => {
    const a = new ModelArbiter({ host: ollama.url, keep: [EMBED], max: 1 });
    const { emit } = log();
    const order: string[] = [];
    const held = await a.acquire({ model: BIG, numCtx: 4096, owner: 'the pipeline', emit });
    const other = a.acquire({ model: SMALL, numCtx: 4096, owner: 'a chat turn', emit }).then((l) => (order.push('small'), l));
    const again = a.acquire({ model: BIG, numCtx: 4096, owner: 'the pipeline', emit }).then((l) => (order.push('big'), l));
    held.release();
    (await other).release();
    (await again).release();
    expect(order).toEqual(['small', 'big']);
  });

  it('max_resident_models = 2 keeps two loaded and makes the third wait', async () => {
    const a = new ModelArbiter({ host: ollama.url, keep: [EMBED], max: 2 });
    const { emit } = log();
    const l1 = await a.acquire({ model: SMALL, numCtx: 4096, owner: 'a chat turn', emit });
    const l2 = await a.acquire({ model: BIG, numCtx: 4096, owner: 'the pipeline', emit });
    expect(ollama.loaded().filter((m) => !m.startsWith(EMBED)).sort()).toEqual([SMALL, BIG].sort());
    const l3 = a.acquire({ model: THIRD, numCtx: 4096, owner: 'a benchmark', emit });
    expect(await settled(l3)).toBe(false);
    l1.release();
    const third: ModelLease = await l3;
    // The one not in use went; the leased one stayed.
    expect(ollama.loaded().filter((m) => !m.startsWith(EMBED)).sort()).toEqual([BIG, THIRD].sort());
    expect(ollama.maxConcurrentChatModels()).toBe(2);
    l2.release();
    third.release();
  });

  it('a waiter that is stopped leaves the queue; the next one is served', async () => {
    const a = new ModelArbiter({ host: ollama.url, keep: [EMBED], max: 1 });
    const { emit } = log();
    const held = await a.acquire({ model: BIG, numCtx: 4096, owner: 'the pipeline', emit });
    const stop = new AbortController();
    const stopped = a.acquire({ model: SMALL, numCtx: 4096, owner: 'a chat turn', emit, signal: stop.signal });
    const next = a.acquire({ model: THIRD, numCtx: 4096, owner: 'a benchmark', emit });
    stop.abort();
    await expect(stopped).rejects.toMatchObject({ name: 'AbortError' });
    held.release();
    expect((await next).model).toBe(THIRD);
    await a.releaseIdle(emit); // still leased: nothing unloaded
    expect(ollama.loaded().filter((m) => !m.startsWith(EMBED))).toEqual([THIRD]);
  });
});
