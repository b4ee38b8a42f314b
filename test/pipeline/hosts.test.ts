// A pipeline whose Implementer runs on a second Ollama host (a provider of
// the ollama kind): when nothing else is queued, every host's chat model is
// given back at the end, not only ollama_host's.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipeline } from '../../lib/pipeline/start';
import { ScriptedOllama } from '../support/scripted-ollama';
import { testApp, type TestApp } from '../support/test-app';
import { BIG, CLASSIFY, CRITERIA, FINDINGS, FIX, IMPLEMENT, ofType, PLAN, REQUIREMENT, REVISE, settle, SMALL, SUMMARY } from './support';

let t: TestApp;
let gpu: ScriptedOllama;
beforeEach(async () => {
  gpu = new ScriptedOllama({ models: [BIG] });
  await gpu.start();
  t = await testApp({ CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'ollama', urls: [gpu.url] } }), CA_IMPLEMENTER_PROVIDER: 'gpu' });
});
afterEach(async () => {
  await t.close();
  await gpu.stop();
});

describe('pipeline on two Ollama hosts', () => {
  it('releases the chat model on every host once the queue is empty', async () => {
    t.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
    gpu.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    expect(ofType(t.events(runId), 'run_failed')).toEqual([]);
    // The Implementer's calls went to the second host.
    expect(gpu.chatRequests().length).toBeGreaterThan(0);
    expect(t.ollama.chatRequests().every((r) => r.model === SMALL)).toBe(true);
    expect(gpu.loaded()).toEqual([]);
    expect(t.ollama.loaded().filter((m) => !m.startsWith('nomic'))).toEqual([]);
  });
});
