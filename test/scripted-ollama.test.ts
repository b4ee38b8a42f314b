// The scripted Ollama server, exercised through the real `ollama` npm client
// that lib/llm uses: if these pass, the double speaks the protocol our code sees.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ollama, type ChatResponse, type ProgressResponse } from 'ollama';
import { ScriptedOllama } from './support/scripted-ollama';

let srv: ScriptedOllama;
let ollama: Ollama;
const CODER = 'qwen2.5-coder:7b';
const EMBED = 'nomic-embed-text:latest';

beforeEach(async () => {
  srv = new ScriptedOllama({
    models: [CODER, 'llama3.2', 'nomic-embed-text', { name: 'qwen3:8b', capabilities: ['completion', 'tools', 'thinking'] }],
    pullable: ['tinyllama'],
    loadDelayMs: 20,
  });
  ollama = new Ollama({ host: await srv.start() });
});
afterEach(() => srv.stop());

async function until(cond: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const user = (content: string) => [{ role: 'user', content }];

describe('chat', () => {
  it('streams thinking, content and tool_calls as NDJSON, ending with done stats', async () => {
    srv.script('qwen3:8b', {
      thinking: 'The user wants the entry point.',
      content: 'Reading src/main.rs now.',
      tool_calls: [{ function: { name: 'read_file', arguments: { path: 'src/main.rs' } } }],
    });
    const tools = [{ type: 'function', function: { name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } }];
    const stream = await ollama.chat({ model: 'qwen3:8b', messages: user('open main'), tools, stream: true, think: true, options: { num_ctx: 8192 } });
    const parts: ChatResponse[] = [];
    for await (const p of stream) parts.push(p);

    const body = parts.slice(0, -1);
    expect(body.length).toBeGreaterThan(3);
    expect(body.every((p) => p.done === false && p.message.role === 'assistant')).toBe(true);
    expect(body.map((p) => p.message.thinking ?? '').join('')).toBe('The user wants the entry point.');
    expect(body.map((p) => p.message.content).join('')).toBe('Reading src/main.rs now.');
    expect(body.flatMap((p) => p.message.tool_calls ?? [])).toEqual([
      { id: expect.stringMatching(/^call_/), function: { index: 0, name: 'read_file', arguments: { path: 'src/main.rs' } } },
    ]);
    const last = parts.at(-1)!;
    expect(last).toMatchObject({ model: 'qwen3:8b', done: true, done_reason: 'stop', message: { role: 'assistant', content: '' } });
    expect(last.eval_count).toBe(body.length);
    expect(last.load_duration).toBeGreaterThanOrEqual(15e6); // loadDelayMs 20
    expect(last.total_duration).toBeGreaterThanOrEqual(last.load_duration);
    expect(Number.isNaN(Date.parse(String(last.created_at)))).toBe(false);

    const [req] = srv.chatRequests();
    expect(req).toMatchObject({ model: 'qwen3:8b', stream: true, think: true, options: { num_ctx: 8192 } });
    expect(req.tools[0].function.name).toBe('read_file');
  });

  it('answers stream:false with one object, and function replies see the request (tool results)', async () => {
    srv.script(CODER, (req) => {
      const tool = req.messages.findLast((m: { role: string }) => m.role === 'tool');
      return { content: `The file says: ${tool.content}`, promptEvalCount: 321, evalCount: 7 };
    });
    const res = await ollama.chat({
      model: CODER,
      stream: false,
      messages: [
        { role: 'user', content: 'what is in main?' },
        { role: 'assistant', content: '', tool_calls: [{ function: { name: 'read_file', arguments: { path: 'main.rs' } } }] },
        { role: 'tool', content: 'fn main() {}', tool_name: 'read_file' },
      ],
    });
    expect(res).toMatchObject({
      model: CODER, done: true, done_reason: 'stop', prompt_eval_count: 321, eval_count: 7,
      message: { role: 'assistant', content: 'The file says: fn main() {}' },
    });
    expect(res.message.tool_calls).toBeUndefined();
    expect(srv.pending()).toBe(0);
  });

  it('returns scripted content as-is under format, streams given chunks, and honours match and "*"', async () => {
    srv.script('*', { content: 'fallback' });
    srv.script(CODER,
      { match: (req) => req.messages[0].content.includes('Reviewer'), content: '{"findings": [' }, // invalid JSON on purpose
      { chunks: ['{"ok"', ': ', 'true}'] });
    const a = await ollama.chat({ model: CODER, messages: user('plan'), format: 'json', stream: true });
    const pieces: string[] = [];
    for await (const p of a) if (!p.done) pieces.push(p.message.content);
    expect(pieces).toEqual(['{"ok"', ': ', 'true}']);

    const b = await ollama.chat({ model: CODER, messages: [{ role: 'system', content: 'You are the Reviewer' }], format: { type: 'object' } });
    expect(b.message.content).toBe('{"findings": [');
    const c = await ollama.chat({ model: 'llama3.2', messages: user('hi') });
    expect(c.message.content).toBe('fallback');
  });

  it('fails loudly with HTTP 500 when the script is exhausted', async () => {
    await expect(ollama.chat({ model: CODER, messages: user('hi') })).rejects.toMatchObject({
      status_code: 500, error: expect.stringMatching(/script exhausted.*qwen2\.5-coder:7b/),
    });
  });

  it('answers 404 for unknown models, like Ollama', async () => {
    await expect(ollama.chat({ model: 'nope', messages: user('hi') })).rejects.toMatchObject({
      status_code: 404, error: 'model "nope" not found, try pulling it first',
    });
    await expect(ollama.embed({ model: 'ghost', input: 'x' })).rejects.toMatchObject({ status_code: 404 });
    await expect(ollama.show({ model: 'nope' })).rejects.toMatchObject({ status_code: 404, error: "model 'nope' not found" });
    expect(srv.loaded()).toEqual([]);
  });

  it('refuses what the model cannot do: chat on an embedder, tools or thinking without the capability', async () => {
    await expect(ollama.chat({ model: EMBED, messages: user('hi') })).rejects.toMatchObject({ status_code: 400, error: `"${EMBED}" does not support chat` });
    const noTools = new ScriptedOllama({ models: [{ name: 'gemma', capabilities: ['completion'] }] });
    const client = new Ollama({ host: await noTools.start() });
    try {
      await expect(client.chat({ model: 'gemma', messages: user('x'), tools: [{ type: 'function', function: { name: 't' } }] }))
        .rejects.toMatchObject({ status_code: 400, error: 'registry.ollama.ai/library/gemma:latest does not support tools' });
    } finally {
      await noTools.stop();
    }
    await expect(ollama.chat({ model: CODER, messages: user('x'), think: true })).rejects.toMatchObject({ status_code: 400, error: `"${CODER}" does not support thinking` });
  });

  it('serves /api/generate with `response` pieces', async () => {
    srv.script(CODER, { content: 'def gcd(a, b):' });
    const parts = [];
    for await (const p of await ollama.generate({ model: CODER, prompt: 'gcd in python', stream: true })) parts.push(p);
    expect(parts.map((p) => p.response).join('')).toBe('def gcd(a, b):');
    expect(parts.at(-1)).toMatchObject({ done: true, done_reason: 'stop', response: '' });
  });
});

describe('failures mid-stream', () => {
  it('a dropped socket surfaces as an error in the client after the pieces that arrived', async () => {
    srv.script(CODER, { content: 'one two three four', dropAfterChunks: 2 });
    const got: string[] = [];
    const consume = async () => {
      for await (const p of await ollama.chat({ model: CODER, messages: user('go'), stream: true })) got.push(p.message.content);
    };
    await expect(consume()).rejects.toThrow(/terminated|closed|socket/i);
    expect(got).toEqual(['one', ' two']);
    expect(srv.aborted).toBe(0); // the server hung up, not the client
  });

  it('an error before the first piece is an HTTP status; after it, an in-band {"error"} line', async () => {
    srv.script(CODER,
      { error: { status: 500, message: 'llama runner process has terminated: exit status 2' } },
      { content: 'partial answer', error: { message: 'an error was encountered while running the model', afterChunks: 1 } });
    await expect(ollama.chat({ model: CODER, messages: user('a'), stream: true })).rejects.toMatchObject({ status_code: 500 });
    const got: string[] = [];
    const consume = async () => {
      for await (const p of await ollama.chat({ model: CODER, messages: user('b'), stream: true })) got.push(p.message.content);
    };
    await expect(consume()).rejects.toThrow('an error was encountered while running the model');
    expect(got).toEqual(['partial']);
  });

  it('records a client abort mid-stream and releases the model', async () => {
    srv.script(CODER, { content: 'thinking about it', hang: true });
    const stream = await ollama.chat({ model: CODER, messages: user('go'), stream: true, keep_alive: 0 });
    const consume = (async () => {
      for await (const p of stream) if (p.message.content === 'thinking') stream.abort();
    })();
    await expect(consume).rejects.toThrow(/abort/i);
    await until(() => srv.aborted === 1);
    expect(srv.requests.find((r) => r.path === '/api/chat')?.aborted).toBe(true);
    await until(() => srv.loaded().length === 0); // keep_alive 0 still applies to an aborted request
  });

  it('a hang before any byte can be aborted through the fetch signal (as lib/llm does)', async () => {
    srv.script(CODER, { hang: true });
    const ac = new AbortController();
    const client = new Ollama({ host: srv.url, fetch: (input, init) => fetch(input, { ...init, signal: ac.signal }) });
    const pending = client.chat({ model: CODER, messages: user('go'), stream: true });
    await until(() => srv.loaded().includes(CODER));
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
    await until(() => srv.aborted === 1);
  });
});

describe('embeddings', () => {
  it('returns deterministic unit vectors where shared words mean closer', async () => {
    const one = await ollama.embed({ model: 'nomic-embed-text', input: 'parse the config file' });
    expect(one.model).toBe('nomic-embed-text');
    expect(one.embeddings).toHaveLength(1);
    expect(one.embeddings[0]).toHaveLength(768);
    expect(Math.hypot(...one.embeddings[0])).toBeCloseTo(1, 6);
    expect(one.prompt_eval_count).toBe(4);

    const many = await ollama.embed({ model: 'nomic-embed-text', input: ['parse the config file', 'load config file from disk', 'render a button'] });
    expect(many.embeddings).toHaveLength(3);
    expect(many.embeddings[0]).toEqual(one.embeddings[0]);
    expect(cosine(many.embeddings[0], many.embeddings[1])).toBeGreaterThan(cosine(many.embeddings[0], many.embeddings[2]));

    const small = await ollama.embed({ model: 'nomic-embed-text', input: 'x', dimensions: 64 });
    expect(small.embeddings[0]).toHaveLength(64);
    expect(srv.loaded()).toContain(EMBED);
    expect(srv.maxConcurrentChatModels()).toBe(0); // embedders do not count
  });
});

describe('models and residency', () => {
  it('lists pulled models, shows details, and reports the version', async () => {
    const { models } = await ollama.list();
    expect(models.map((m) => m.name)).toEqual([CODER, 'llama3.2:latest', EMBED, 'qwen3:8b']);
    expect(models[0]).toMatchObject({ model: CODER, size: expect.any(Number), digest: expect.stringMatching(/^[0-9a-f]{64}$/), details: { format: 'gguf', family: 'qwen' } });
    const show = await ollama.show({ model: EMBED });
    expect(show.capabilities).toEqual(['embedding']);
    expect((show.model_info as unknown as Record<string, unknown>)['nomic.embedding_length']).toBe(768);
    expect((await ollama.show({ model: CODER })).capabilities).toEqual(['completion', 'tools']);
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('loads with an empty generate, unloads with keep_alive 0, and /api/ps follows', async () => {
    const load = await ollama.generate({ model: CODER, prompt: '' });
    expect(load).toMatchObject({ model: CODER, done: true, done_reason: 'load', response: '' });
    const ps = await ollama.ps();
    expect(ps.models).toHaveLength(1);
    expect(ps.models[0]).toMatchObject({ name: CODER, model: CODER, size_vram: expect.any(Number), context_length: 4096 });
    const expires = Date.parse(String(ps.models[0].expires_at)) - Date.now();
    expect(expires).toBeGreaterThan(4 * 60_000); // default keep_alive 5m
    expect(expires).toBeLessThanOrEqual(5 * 60_000);

    const unload = await ollama.generate({ model: CODER, prompt: '', keep_alive: 0 });
    expect(unload).toMatchObject({ done: true, done_reason: 'unload' });
    expect((await ollama.ps()).models).toEqual([]);
    expect(srv.events.map((e) => `${e.type} ${e.model}`)).toEqual([`load ${CODER}`, `unload ${CODER}`]);

    await ollama.chat({ model: 'llama3.2', messages: [], keep_alive: -1 });
    expect(Date.parse(String((await ollama.ps()).models[0].expires_at))).toBeGreaterThan(Date.parse('2300-01-01'));
  });

  it('counts concurrently resident chat models; keep_alive 0 on a request unloads after it', async () => {
    srv.script('*', { content: 'a' }, { content: 'b' }, { content: 'c' });
    await ollama.chat({ model: CODER, messages: user('1'), keep_alive: 0 });
    expect(srv.loaded()).toEqual([]);
    await ollama.chat({ model: 'llama3.2', messages: user('2'), keep_alive: '0' });
    expect(srv.maxConcurrentChatModels()).toBe(1);
    await ollama.chat({ model: CODER, messages: user('3') });
    await ollama.generate({ model: 'llama3.2', prompt: '' });
    expect(srv.loaded().sort()).toEqual(['llama3.2:latest', CODER]);
    expect(srv.maxConcurrentChatModels()).toBe(2);

    srv.script(CODER, { content: 'left over' }).reset();
    expect([srv.pending(), srv.requests.length, srv.events.length]).toEqual([0, 0, 0]);
    expect(srv.maxConcurrentChatModels()).toBe(2); // both are still resident
  });

  it('reloads when num_ctx changes, expires after keep_alive, evicts beyond maxLoadedModels', async () => {
    srv.script(CODER, { content: 'a' }, { content: 'b' });
    await ollama.chat({ model: CODER, messages: user('1'), options: { num_ctx: 8192 } });
    await ollama.chat({ model: CODER, messages: user('2'), options: { num_ctx: 16384 }, keep_alive: '50ms' });
    expect(srv.events.map((e) => e.type)).toEqual(['load', 'unload', 'load']);
    await until(() => srv.loaded().length === 0);

    const one = new ScriptedOllama({ models: ['a', 'b'], maxLoadedModels: 1 });
    const client = new Ollama({ host: await one.start() });
    try {
      await client.generate({ model: 'a', prompt: '' });
      await client.generate({ model: 'b', prompt: '' });
      expect(one.loaded()).toEqual(['b:latest']);
      expect(one.events.map((e) => `${e.type} ${e.model}`)).toEqual(['load a:latest', 'unload a:latest', 'load b:latest']);
    } finally {
      await one.stop();
    }
  });

  it('pulls with streamed progress, then lists the model', async () => {
    const steps: ProgressResponse[] = [];
    for await (const p of await ollama.pull({ model: 'tinyllama', stream: true })) steps.push(p);
    expect(steps[0].status).toBe('pulling manifest');
    const progress = steps.filter((s) => s.total);
    expect(progress[0].completed).toBeUndefined();
    const completed = progress.slice(1).map((s) => s.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
    expect(completed.at(-1)).toBe(progress[0].total);
    expect(progress[0].digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(steps.at(-1)!.status).toBe('success');
    expect((await ollama.list()).models.map((m) => m.name)).toContain('tinyllama:latest');

    expect(await ollama.pull({ model: CODER })).toEqual({ status: 'success' }); // stream:false
    const consume = async () => {
      for await (const _ of await ollama.pull({ model: 'no-such-model', stream: true }));
    };
    await expect(consume()).rejects.toThrow('pull model manifest: file does not exist');
  });
});
