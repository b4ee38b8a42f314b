// Token relay benchmark: stream N tokens from the scripted Ollama through the
// agent loop, event log and SSE of the built app to an HTTP client, and
// compare with reading the scripted stream directly with the ollama client.
// Every token is timestamped when the scripted server has written it, so
// latency = arrival - send, in one process clock.
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

async function direct(ollama: ScriptedOllama) {
  const sent = new Array<number>(N);
  const got = new Array<number>(N);
  ollama.script(MODEL, { chunks: tokens, onSent: (i) => (sent[i] = performance.now()) });
  const t0 = performance.now();
  const stream = await new Ollama({ host: ollama.url }).chat({ model: MODEL, messages: [{ role: 'user', content: 'go' }], stream: true });
  let i = 0;
  for await (const part of stream) if (part.message.content) got[i++] = performance.now();
  const secs = (performance.now() - t0) / 1000;
  return { tokensPerSec: N / secs, lat: got.map((g, k) => g - sent[k]) };
}

async function relay(ollama: ScriptedOllama, app: AppServer) {
  const post = (p: string, body: unknown) =>
    fetch(app.url + p, { method: 'POST', headers: { 'content-type': 'application/json', origin: app.url }, body: JSON.stringify(body) }).then((r) => r.json());
  const ws = fs.mkdtempSync(path.join(app.home, 'ws-'));
  const { workspace } = await post('/api/workspaces', { path: ws });
  const { session } = await post('/api/sessions', { workspaceId: workspace.id });

  const sent = new Array<number>(N);
  const got = new Array<number>(N).fill(0);
  ollama.script(MODEL, { chunks: tokens, onSent: (i) => (sent[i] = performance.now()) });
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
  const row = (name: string, v: { tokensPerSec: number; lat: number[] }) =>
    `| ${name.padEnd(34)} | ${v.tokensPerSec.toFixed(0).padStart(9)} | ${pct(v.lat, 50).toFixed(2).padStart(8)} | ${pct(v.lat, 99).toFixed(2).padStart(8)} |`;
  console.log(`\nToken relay, ${N} tokens (${new Date().toISOString()})\n`);
  console.log('| path                               | tokens/s  | p50 ms   | p99 ms   |');
  console.log('|------------------------------------|-----------|----------|----------|');
  console.log(row('direct (ollama client)', d));
  console.log(row('app: agent loop + log + SSE', r));
  console.log(`\nadded latency per token: p50 ${(pct(r.lat, 50) - pct(d.lat, 50)).toFixed(2)} ms (target < 5), p99 ${(pct(r.lat, 99) - pct(d.lat, 99)).toFixed(2)} ms`);
  console.log(`throughput: ${r.tokensPerSec.toFixed(0)} tokens/s (target >= 5000), ${(r.tokensPerSec / d.tokensPerSec).toFixed(2)}x of direct`);
} finally {
  await app.stop();
  await ollama.stop();
}
