// Token relay benchmark: stream N tokens from the scripted Ollama through the
// agent loop, event log and SSE of the built app to an HTTP client, and
// compare with reading the scripted stream directly with the ollama client.
// Every token is timestamped when the scripted server has written it, so
// latency = arrival - send, in one process clock. Throughput is measured
// with the stream unpaced; latency with tokens paced 1 ms apart (ten times
// faster than a local model), because an unpaced stream measures queueing.
//   npm run bench:relay [-- --tokens 20000]
import { Ollama } from 'ollama';
import fs from 'node:fs';
import path from 'node:path';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { AppServer } from '../test/support/app-server';
import { buildIfStale } from '../scripts/build-if-stale.mjs';

const arg = process.argv.indexOf('--tokens');
const N = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
const MODEL = 'qwen2.5-coder:7b';
const W = 8; // every token is 8 characters, so its index is offset / 8
const tokens = Array.from({ length: N }, (_, i) => `t${String(i).padStart(6, '0')} `);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function direct(ollama: ScriptedOllama, delayMs = 0) {
  const sent = new Array<number>(N);
  const got = new Array<number>(N);
  ollama.script(MODEL, { chunks: tokens, delayMs, onSent: (i) => (sent[i] = performance.now()) });
  const t0 = performance.now();
  const stream = await new Ollama({ host: ollama.url }).chat({ model: MODEL, messages: [{ role: 'user', content: 'go' }], stream: true });
  let i = 0;
  for await (const part of stream) if (part.message.content) got[i++] = performance.now();
  const secs = (performance.now() - t0) / 1000;
  return { tokensPerSec: N / secs, lat: got.map((g, k) => g - sent[k]) };
}

async function relay(ollama: ScriptedOllama, app: AppServer, delayMs = 0) {
  const post = (p: string, body: unknown) =>
    fetch(app.url + p, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify(body) }).then((r) => r.json());
  const ws = fs.mkdtempSync(path.join(app.home, 'ws-'));
  const { workspace } = await post('/api/workspaces', { path: ws });
  const { session } = await post('/api/sessions', { workspaceId: workspace.id });

  const sent = new Array<number>(N);
  const got = new Array<number>(N).fill(0);
  ollama.script(MODEL, { chunks: tokens, delayMs, onSent: (i) => (sent[i] = performance.now()) });
  const ac = new AbortController();
  const res = await fetch(`${app.url}/api/sessions/${session.id}/events`, { signal: ac.signal });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  const t0 = performance.now();
  await post(`/api/sessions/${session.id}/turns`, { text: 'go', quick: true });
  let buf = '';
  let seen = 0;
  let finished = false;
  while (!finished) {
    const { value, done } = await reader.read();
    if (done) break;
    const now = performance.now();
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = frame.split('\n').find((l) => l.startsWith('data: '));
      if (!data) continue;
      const e = JSON.parse(data.slice(6));
      if (e.type === 'message_delta' && e.id === 0) {
        for (let k = e.offset / W; k < (e.offset + e.text.length) / W; k++) if (!got[k]) { got[k] = now; seen++; }
      } else if (e.type === 'run_finished' || e.type === 'run_failed') {
        finished = true;
        if (e.type === 'run_failed') throw new Error(e.error);
      }
    }
  }
  const secs = (performance.now() - t0) / 1000;
  ac.abort();
  if (seen !== N) throw new Error(`relay delivered ${seen} of ${N} tokens live`);
  return { tokensPerSec: N / secs, lat: got.map((g, k) => g - sent[k]) };
}

buildIfStale({ quiet: true });
const ollama = new ScriptedOllama({ models: [MODEL, 'qwen2.5-coder:14b', 'nomic-embed-text'] });
await ollama.start();
const app = new AppServer({ ollamaUrl: ollama.url });
await app.start();
try {
  await direct(ollama); // warm-up: JIT and connection set-up on both sides
  const d = await direct(ollama);
  const r = await relay(ollama, app);
  const dp = await direct(ollama, 1);
  const rp = await relay(ollama, app, 1);
  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log(`\nToken relay, ${N} tokens (${new Date().toISOString()})\n`);
  console.log('| path                          | tokens/s unpaced | p50 ms (paced) | p99 ms (paced) |');
  console.log('|-------------------------------|------------------|----------------|----------------|');
  console.log(`| direct (ollama client)        | ${d.tokensPerSec.toFixed(0).padStart(16)} | ${f(pct(dp.lat, 50)).padStart(14)} | ${f(pct(dp.lat, 99)).padStart(14)} |`);
  console.log(`| app: agent loop + log + SSE   | ${r.tokensPerSec.toFixed(0).padStart(16)} | ${f(pct(rp.lat, 50)).padStart(14)} | ${f(pct(rp.lat, 99)).padStart(14)} |`);
  console.log(`\nthroughput through the app: ${r.tokensPerSec.toFixed(0)} tokens/s (target >= 5000), ${(r.tokensPerSec / d.tokensPerSec).toFixed(2)}x of direct`);
  console.log(`added latency per token (paced at 1 ms): p50 ${(pct(rp.lat, 50) - pct(dp.lat, 50)).toFixed(2)} ms (target < 5), p99 ${(pct(rp.lat, 99) - pct(dp.lat, 99)).toFixed(2)} ms`);
} finally {
  await app.stop();
  await ollama.stop();
}
