// The home page's status, per persona model: native tools or the text
// protocol, the context length the model reports, and the num_ctx in use.
import { afterEach, describe, expect, it } from 'vitest';
import { appStatus } from '../lib/status';
import { testApp, type TestApp } from './support/test-app';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('status: what each persona model can do', () => {
  it('tools, context length and num_ctx per persona model', async () => {
    t = await testApp(
      { CA_IMPLEMENTER_MODEL: 'gemma2:9b', CA_DEFAULT_NUM_CTX: '16384', CA_NUM_CTX: 'qwen2.5-coder:7b=6000' },
      [{ name: 'qwen2.5-coder:7b', contextLength: 32_768 }, { name: 'gemma2:9b', capabilities: ['completion'], family: 'gemma2', contextLength: 8192 }, 'nomic-embed-text'],
    );
    const s = await appStatus(t.app);
    const row = (key: string) => s.personaModels.find((p) => p.key === key);
    expect(row('architect_model')).toMatchObject({ model: 'qwen2.5-coder:7b', tools: 'native', contextLength: 32_768, numCtx: 6000 });
    expect(row('implementer_model')).toMatchObject({ model: 'gemma2:9b', tools: 'text', contextLength: 8192, numCtx: 8192 });
    // The embedding model takes no tools at all.
    expect(row('embedding_model')).toMatchObject({ model: 'nomic-embed-text', tools: null, contextLength: 2048 });
    // Asked once per model, however often the page polls.
    await appStatus(t.app);
    const shows = t.ollama.requests.filter((r) => r.path === '/api/show').map((r) => r.body.model);
    expect(shows.filter((m) => m === 'gemma2:9b')).toHaveLength(1);
  });

  it('says unknown while Ollama is not reachable, without failing', async () => {
    t = await testApp();
    await t.ollama.stop();
    const s = await appStatus(t.app);
    expect(s.ollama.reachable).toBe(false);
    expect(s.personaModels.find((p) => p.key === 'implementer_model')).toMatchObject({ tools: 'unknown', numCtx: 8192 });
  });
});
