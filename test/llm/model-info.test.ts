// What a model can do, from the scripted Ollama's /api/show: asked once per
// model per host (the arbiter's cache), never cached when the host cannot say,
// and a "does not support tools" answer is remembered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelHosts } from '../../lib/llm/arbiter';
import { contextLengthOf, isNoToolsError } from '../../lib/llm/model-info';
import { ScriptedOllama } from '../support/scripted-ollama';

const NATIVE = 'qwen2.5-coder:7b';
const TEXT = 'gemma2:2b';
let ollama: ScriptedOllama;

beforeEach(async () => {
  ollama = new ScriptedOllama({
    models: [NATIVE, { name: TEXT, capabilities: ['completion'], contextLength: 8192, family: 'gemma2' }, 'nomic-embed-text'],
  });
  await ollama.start();
});
afterEach(async () => {
  await ollama.stop();
});

const shows = () => ollama.requests.filter((r) => r.path === '/api/show');

describe('model info', () => {
  it('reads capabilities and the context length, once per model per host', async () => {
    const hosts = new ModelHosts(() => ({ max: 1, keep: [] }));
    const info = hosts.forHost(ollama.url).info;
    const [a, b] = await Promise.all([info.get(NATIVE), info.get(NATIVE)]);
    expect(a).toEqual({ model: NATIVE, capabilities: ['completion', 'tools'], tools: true, contextLength: 32_768 });
    expect(b).toEqual(a);
    expect(await info.get(TEXT)).toMatchObject({ tools: false, contextLength: 8192 });
    expect(await info.nativeTools(TEXT)).toBe(false);
    // A bare name is the :latest tag, asked once too.
    await info.get(NATIVE);
    expect(shows().map((r) => r.body.model)).toEqual([NATIVE, TEXT]);
    // The same host again: the same cache (a member of the app's model hosts).
    expect(hosts.forHost(ollama.url).info).toBe(info);
    expect(info.all().map((m) => m.model).sort()).toEqual([TEXT, NATIVE].sort());
  });

  it('does not cache a model the host does not have, and asks again later', async () => {
    const info = new ModelHosts(() => ({ max: 1, keep: [] })).forHost(ollama.url).info;
    expect(await info.get('not-pulled:1b')).toBeNull();
    expect(await info.get('not-pulled:1b')).toBeNull();
    expect(shows()).toHaveLength(2);
    // Unknown means try native tools (an Ollama too old to list capabilities works that way).
    expect(await info.nativeTools('not-pulled:1b')).toBe(true);
  });

  it('remembers a model that refused tools in a chat request', async () => {
    const info = new ModelHosts(() => ({ max: 1, keep: [] })).forHost(ollama.url).info;
    await info.get(NATIVE);
    info.markNoTools(NATIVE);
    expect(info.peek(NATIVE)).toMatchObject({ tools: false, contextLength: 32_768 });
    expect(await info.nativeTools(NATIVE)).toBe(false);
    expect(shows()).toHaveLength(1);
  });

  it('parses what real hosts send, and nothing hostile', () => {
    expect(contextLengthOf({ 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 })).toBe(32768);
    expect(contextLengthOf({ 'general.architecture': 'x', 'llama.context_length': 8192 })).toBe(8192);
    expect(contextLengthOf({ 'general.architecture': 'qwen2', 'qwen2.context_length': '1e9' })).toBeUndefined();
    expect(contextLengthOf({ 'general.architecture': 'qwen2', 'qwen2.context_length': -1 })).toBeUndefined();
    expect(contextLengthOf(undefined)).toBeUndefined();
    expect(isNoToolsError('Ollama error 400: registry.ollama.ai/library/gemma2:latest does not support tools')).toBe(true);
    expect(isNoToolsError('Ollama error 400: "x" does not support thinking')).toBe(false);
  });
});
