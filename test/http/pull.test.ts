// POST /api/models/pull: a failed pull says what failed in Ollama's words,
// not "is not pulled. Run: ollama pull", which is what the user just did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/test-app';
import * as pull from '../../app/api/models/pull/route';

const APP_KEY = Symbol.for('code-assistant.app');
let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t?.close();
});

async function lines(model: string): Promise<{ status?: string; error?: string }[]> {
  const res = await pull.POST(new Request('http://127.0.0.1:3000/api/models/pull', { method: 'POST', body: JSON.stringify({ model }), headers: { 'content-type': 'application/json' } }));
  expect(res.status).toBe(200);
  return (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
}

describe('POST /api/models/pull', () => {
  it('ends a failed pull with the server\'s error and what to do', async () => {
    const out = await lines('no-such-model:1b');
    expect(out[0]).toMatchObject({ status: 'pulling manifest' });
    const last = out.at(-1)!;
    expect(last.error).toBe('Pulling no-such-model:1b failed: Ollama said "pull model manifest: file does not exist". Check the name and tag at https://ollama.com/library, then Retry.');
    expect(last.error).not.toMatch(/is not pulled/);
  });
});
