// Token relay through the `openai` kind (issue 13): stream N tokens from the
// scripted OpenAI-compatible server through the provider route, agent loop,
// event log and SSE of the built app to an HTTP client, and compare with
// reading the same stream directly with the openai client. Latency is
// arrival - send in one process clock, with tokens paced 1 ms apart;
// throughput unpaced (as benchmarks/token-relay.ts does for Ollama). Then
// failover: the first of two hosts is stopped mid-stream, and we time from
// its death to the first token of the restarted reply at the client.
//   npm run bench:relay-openai [-- --tokens 20000]
import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { ScriptedOpenAI } from '../test/support/scripted-openai';
import { AppServer } from '../test/support/app-server';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

const arg = process.argv.indexOf('--tokens');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
const MODEL = 'qwen2.5-coder-32b';
const W = 8; // every token is 8 characters, so its index is offset / 8
const tokens = Array.from({ length: N }, (_, i) => `t${String(i).padStart(6, '0')} `);
// The scripted server's first frame is the role delta: token k is frame k + 1.
const frameToToken = (i: number) => i - 1;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

async function direct(gpu: ScriptedOpenAI, delayMs = 0) {
  const sent = new Array<number>(N);
  const got = new Array<number>(N);
  gpu.script(MODEL, { chunks: tokens, delayMs, onSent: (i) => { if (i >= 1 && i <= N) sent[frameToToken(i)] = performance.now(); } });
  const t0 = performance.now();
  const stream = await new OpenAI({ baseURL: gpu.baseURL, apiKey: 'none', maxRetries: 0 }).chat.completions.create({
    model: MODEL, messages: [{ role: 'user', content: 'go' }], stream: true, stream_options: { include_usage: true },
  });
  let i = 0;
  for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) got[i++] = performance.now();
  const secs = (performance.now() - t0) / 1000;
  return { tokensPerSec: N / secs, lat: got.map((g, k) => g - sent[k]!) };
}

async function session(app: AppServer) {
  const post = (p: string, body: unknown) =>
    fetch(app.url + p, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify(body) }).then((r) => r.json());
  const ws = fs.mkdtempSync(path.join(app.home, 'ws-'));
  const { workspace } = await post('/api/workspaces', { path: ws });
  const { session: s } = await post('/api/sessions', { workspaceId: workspace.id });
  return { id: s.id as string, post };
}

/** Reads the session's SSE until the run ends; `onEvent` sees each event with its arrival time. */
async function tail(app: AppServer, sessionId: string, start: () => Promise<unknown>, onEvent: (e: any, now: number) => void) {
  const ac = new AbortController();
  const res = await fetch(`${app.url}/api/sessions/${sessionId}/events`, { signal: ac.signal });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  await start();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const now = performance.now();
    buf += dec.decode(value, { stream: true });
    let i;
    let finished = false;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = frame.split('\n').find((l) => l.startsWith('data: '));
      if (!data) continue;
      const e = JSON.parse(data.slice(6));
      if (e.type === 'run_failed') throw new Error(e.error);
      onEvent(e, now);
      if (e.type === 'run_finished') finished = true;
    }
    if (finished) break;
  }
  ac.abort();
}

async function relay(gpu: ScriptedOpenAI, app: AppServer, delayMs = 0) {
  const s = await session(app);
  const sent = new Array<number>(N);
  const got = new Array<number>(N).fill(0);
  gpu.script(MODEL, { chunks: tokens, delayMs, onSent: (i) => { if (i >= 1 && i <= N) sent[frameToToken(i)] = performance.now(); } });
  let seen = 0;
  const t0 = performance.now();
  await tail(app, s.id, () => s.post(`/api/sessions/${s.id}/turns`, { text: 'go', quick: true }), (e, now) => {
    if (e.type !== 'message_delta' || e.id !== 0) return;
    for (let k = e.offset / W; k < (e.offset + e.text.length) / W; k++) if (!got[k]) { got[k] = now; seen++; }
  });
  const secs = (performance.now() - t0) / 1000;
  if (seen !== N) throw new Error(`relay delivered ${seen} of ${N} tokens live`);
  return { tokensPerSec: N / secs, lat: got.map((g, k) => g - sent[k]!) };
}

/** Host a dies after `after` tokens of a paced reply; ms from its death to the restarted reply's first token, and to its end. */
async function failover(a: ScriptedOpenAI, b: ScriptedOpenAI, app: AppServer, after = 200) {
  const s = await session(app);
  let killedAt = 0;
  a.script(MODEL, { chunks: tokens.slice(0, 1000), delayMs: 1, onSent: (i) => { if (i === after) { killedAt = performance.now(); void a.stop(); } } });
  b.script(MODEL, { chunks: tokens.slice(0, 1000), delayMs: 1 });
  // First live delta (id 0: not yet persisted) of each message: the restarted reply is the second message.
  const first = new Map<string, number>();
  let ended = 0;
  await tail(app, s.id, () => s.post(`/api/sessions/${s.id}/turns`, { text: 'go', quick: true }), (e, now) => {
    if (e.type === 'message_delta' && e.id === 0 && !first.has(e.messageId)) first.set(e.messageId, now);
    if (e.type === 'run_finished') ended = now;
  });
  const resumed = [...first.values()][1];
  if (!resumed) throw new Error('the reply did not continue on the second host');
  return { resumeMs: resumed - killedAt, finishMs: ended - killedAt };
}

buildIfStale({ quiet: true });
const ollama = new ScriptedOllama({ models: ['qwen2.5-coder:7b', 'nomic-embed-text'] });
await ollama.start();
const a = new ScriptedOpenAI({ models: [MODEL] });
const b = new ScriptedOpenAI({ models: [MODEL] });
await a.start();
await b.start();
const app = new AppServer({
  ollamaUrl: ollama.url,
  env: { CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [a.baseURL, b.baseURL] } }), CA_QUICK_PROVIDER: 'gpu', CA_QUICK_MODEL: MODEL },
});
await app.start();
try {
  await direct(a); // warm-up: JIT and connection set-up on both sides
  await relay(a, app, 0);
  const d = await direct(a);
  const r = await relay(a, app);
  const dp = await direct(a, 1);
  const rp = await relay(a, app, 1);
  const fo = await failover(a, b, app);
  const f = (x: number) => x.toFixed(2).padStart(14);
  console.log(`\nToken relay through the openai kind, ${N} tokens (${new Date().toISOString()})\n`);
  console.log('| path                                | tokens/s unpaced | p50 ms (paced) | p99 ms (paced) |');
  console.log('|-------------------------------------|------------------|----------------|----------------|');
  console.log(`| direct (openai client)              | ${d.tokensPerSec.toFixed(0).padStart(16)} | ${f(pct(dp.lat, 50))} | ${f(pct(dp.lat, 99))} |`);
  console.log(`| app: route + agent loop + log + SSE | ${r.tokensPerSec.toFixed(0).padStart(16)} | ${f(pct(rp.lat, 50))} | ${f(pct(rp.lat, 99))} |`);
  console.log(`\nthroughput through the app: ${r.tokensPerSec.toFixed(0)} tokens/s (target >= 5000), ${(r.tokensPerSec / d.tokensPerSec).toFixed(2)}x of direct`);
  console.log(`added latency per token (paced at 1 ms): p50 ${(pct(rp.lat, 50) - pct(dp.lat, 50)).toFixed(2)} ms (target < 5), p99 ${(pct(rp.lat, 99) - pct(dp.lat, 99)).toFixed(2)} ms`);
  console.log('\n| failover (host killed after 200 tokens) | ms |');
  console.log('|------------------------------------------|----|');
  console.log(`| death -> first token of the restarted reply | ${fo.resumeMs.toFixed(0)} (target < 2000) |`);
  console.log(`| death -> reply finished on the other host (1000 tokens at 1 ms) | ${fo.finishMs.toFixed(0)} |`);
} finally {
  await app.stop();
  await a.stop().catch(() => {});
  await b.stop();
  await ollama.stop();
}
