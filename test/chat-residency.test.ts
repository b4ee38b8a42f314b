// Chat turns share the app's model arbiter with pipelines: one chat model
// resident at a time (max_resident_models = 1), no extra load to classify
// when the Implementer is the model in memory, and a turn that needs another
// model while a pipeline holds one waits and says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { call, intent, say, testApp, type TestApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
let t: TestApp;

beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

const loads = () => t.ollama.requests.filter((r) => r.path === '/api/generate' && r.body.keep_alive !== 0).map((r) => r.body.model);

async function turn(text: string) {
  const runId = startTurn(t.app, t.sessionId, text);
  await t.app.runs.wait(runId);
  return t.events(runId);
}

describe('chat residency', () => {
  it('keeps one chat model resident and classifies on the Implementer when it is the one loaded', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, call('write_file', { path: 'a.py', content: 'print(1)\n' }), say('done'));
    expect((await turn('write a.py')).at(-1)?.type).toBe('run_finished');
    expect(loads()).toEqual([SMALL, BIG]);

    // The second turn: the 14b is in memory, so it classifies too.
    t.ollama.script(BIG, intent('implementation'), call('write_file', { path: 'b.py', content: 'print(2)\n' }), say('done'));
    const second = await turn('write b.py');
    expect(second.at(-1)?.type).toBe('run_finished');
    expect(loads()).toEqual([SMALL, BIG]); // no load at all
    const classify = t.ollama.chatRequests().at(-3)!;
    expect(classify).toMatchObject({ model: BIG, format: expect.anything() });
    expect(t.ollama.maxConcurrentChatModels()).toBe(1);
  });

  it('a turn that needs another model while the pipeline holds one waits, says so, then answers', async () => {
    const models = t.app.models.forHost(t.ollama.url);
    const emitted: unknown[] = [];
    const pipeline = await models.acquire({ model: BIG, numCtx: 8192, owner: 'the pipeline', emit: (e) => emitted.push(e) });
    // Classifying shares the pipeline's 14b; the conversational answer needs the 7b.
    t.ollama.script(BIG, intent('conversational'));
    t.ollama.script(SMALL, say('Hello from the Architect.'));
    const runId = startTurn(t.app, t.sessionId, 'hello');
    await expect.poll(() => t.events(runId).some((e) => e.type === 'warning' && e.code === 'model_wait'), { timeout: 5000 }).toBe(true);
    const wait = t.events(runId).find((e) => e.type === 'warning' && e.code === 'model_wait');
    expect(wait).toMatchObject({ message: expect.stringContaining(`the pipeline's model ${BIG}`) });
    expect(t.app.runs.isActive(runId)).toBe(true);
    expect(t.ollama.chatRequests().filter((r) => r.model === SMALL)).toHaveLength(0);

    pipeline.release();
    await t.app.runs.wait(runId);
    const events = t.events(runId);
    expect(events.at(-1)?.type).toBe('run_finished');
    expect(events.filter((e) => e.type === 'message_done').at(-1)).toMatchObject({ content: 'Hello from the Architect.' });
    expect(t.ollama.maxConcurrentChatModels()).toBe(1);
  });
});
