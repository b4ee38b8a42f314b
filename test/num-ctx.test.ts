// num_ctx per model: a configured [num_ctx] entry wins; else the context
// length the model reports (/api/show), capped by default_num_ctx; else
// default_num_ctx. Asserted on what the scripted Ollama received.
import { afterEach, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { numCtxFor } from '../lib/config';
import { call, intent, say, testApp, type TestApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
let t: TestApp | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('num_ctx per model', () => {
  it('configured entry, then the reported length capped by default_num_ctx, then default_num_ctx', () => {
    const config = { default_num_ctx: 8192, num_ctx: { 'pinned:7b': 4000 } };
    expect(numCtxFor(config, 'pinned:7b', 131_072)).toBe(4000);
    expect(numCtxFor(config, 'small:1b', 2048)).toBe(2048);
    expect(numCtxFor(config, 'big:32b', 131_072)).toBe(8192);
    expect(numCtxFor(config, 'unknown:7b')).toBe(8192);
    // A host's nonsense cannot go below what Ollama can run.
    expect(numCtxFor(config, 'odd:1b', 1)).toBe(512);
    expect(numCtxFor(config, 'odd:1b', Number.NaN)).toBe(8192);
  });

  it('a chat turn sends each model the num_ctx it can hold', async () => {
    t = await testApp({ CA_DEFAULT_NUM_CTX: '16384', CA_NUM_CTX: `${BIG}=12000` }, [
      { name: SMALL, contextLength: 4096 },
      { name: BIG, contextLength: 131_072 },
      'nomic-embed-text',
    ]);
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, call('write_file', { path: 'a.txt', content: 'a\n' }), say('Done.'));
    const runId = startTurn(t.app, t.sessionId, 'write a.txt');
    await t.app.runs.wait(runId);
    const sent = t.ollama.chatRequests().filter((r) => r.messages?.length).map((r) => [r.model, r.options?.num_ctx]);
    // The 7b reports 4096 (below the 16384 cap); the 14b's configured 12000 wins over its 131072.
    expect(sent).toEqual([[SMALL, 4096], [BIG, 12000], [BIG, 12000]]);
  });

  it('without a configured entry, a long-context model gets default_num_ctx', async () => {
    t = await testApp({ CA_DEFAULT_NUM_CTX: '16384' }, [{ name: SMALL, contextLength: 4096 }, { name: BIG, contextLength: 131_072 }, 'nomic-embed-text']);
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, say('Nothing to change.'));
    const runId = startTurn(t.app, t.sessionId, 'look');
    await t.app.runs.wait(runId);
    expect(t.ollama.chatRequests().filter((r) => r.messages?.length).map((r) => r.options?.num_ctx)).toEqual([4096, 16384]);
  });
});
