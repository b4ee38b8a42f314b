// Mixed use: a whole pipeline runs while chat turns (conversational and
// implementation) arrive in a session, all against one scripted Ollama whose
// every reply takes a fixed time. The app's model arbiter decides what is
// resident; the scripted server counts what really was. Target: peak
// resident chat models <= max_resident_models (1 by default) at every
// moment, every turn answered. Also shown: how long turns waited for the
// pipeline's model, and what the pipeline paid for sharing the host.
//   npm run bench:residency [-- --delay 300 --turns 6 --max 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTurn } from '../lib/agents/chat';
import { createApp } from '../lib/app';
import { startPipeline } from '../lib/pipeline/start';
import type { RunEvent } from '../lib/runs/events';
import { addWorkspace } from '../lib/sessions/workspaces';
import { createSession } from '../lib/sessions/sessions';
import { ScriptedOllama, type ScriptEntry, type ScriptedReply } from '../test/support/scripted-ollama';
import { BIG, SMALL, REQUIREMENT, scriptHappyPath } from '../test/pipeline/scripts';

const flag = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const DELAY = flag('delay', 300);
const TURNS = flag('turns', 6);
const MAX = flag('max', 1);

/** The request's latest user message: the turn's text (classify: "Request: <text>"), or a phase's prompt. */
const lastUser = (req: any): string => [...(req.messages ?? [])].reverse().find((m: any) => m.role === 'user')?.content ?? '';
const forPipeline = (req: any) => !lastUser(req).includes('CHAT-TURN');
const forTurn = (i: number) => (req: any) => new RegExp(`(^|Request: |# Request\\n)CHAT-TURN ${i}:`).test(lastUser(req));
/** Every reply takes DELAY ms and answers only the requests it was written for. */
const paced = (e: ScriptEntry, match: (req: any) => boolean): ScriptEntry => {
  const wrap = (r: ScriptedReply): ScriptedReply => ({ ...r, chunks: r.content ? [r.content] : [], delayMs: DELAY, match });
  return typeof e === 'function' ? (req: any, p: string) => wrap(e(req, p)) : wrap(e);
};

async function mixed(withChat: boolean) {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-bench-mixed-')));
  const ollama = new ScriptedOllama({ models: [SMALL, BIG, 'nomic-embed-text'] });
  await ollama.start();
  const app = createApp({ homeDir: home, env: { CA_DATA_DIR: path.join(home, 'data'), OLLAMA_HOST: ollama.url, CA_SHELL_POLICY: 'auto', CA_MAX_RESIDENT_MODELS: String(MAX), CA_SYMBOL_MAP_TOKENS: '0' } });
  try {
    // The pipeline's script, each reply paced and kept for the pipeline's requests.
    const pipelineOllama = { script: (m: string, ...r: ScriptEntry[]) => ollama.script(m, ...r.map((e) => paced(e, forPipeline))) } as unknown as ScriptedOllama;
    scriptHappyPath(pipelineOllama);
    const pws = path.join(home, 'pipeline-ws');
    fs.mkdirSync(pws);
    const t0 = performance.now();
    const runId = startPipeline(app, REQUIREMENT, { path: pws });
    const turns: { kind: string; ms: number; waitedMs: number; status: string }[] = [];
    if (withChat) {
      const cws = path.join(home, 'chat-ws');
      fs.mkdirSync(cws);
      const session = createSession(app.db, addWorkspace(app.db, cws).id);
      for (let i = 0; i < TURNS; i++) {
        const implementation = i % 2 === 1;
        const intent = { content: JSON.stringify({ intent: implementation ? 'implementation' : 'conversational', reason: 'bench' }) };
        // Whichever model classifies (the 7b, or the resident 14b) has the answer; the other one's stays unused.
        const mine = forTurn(i);
        for (const m of [SMALL, BIG]) ollama.script(m, paced(intent, mine));
        if (implementation) ollama.script(BIG, paced({ content: '', tool_calls: [{ function: { name: 'write_file', arguments: { path: `n${i}.txt`, content: `${i}\n` } } }] }, mine), paced({ content: 'written' }, mine));
        else ollama.script(SMALL, paced({ content: `answer ${i}` }, mine));
        const s0 = performance.now();
        const turnId = startTurn(app, session.id, `CHAT-TURN ${i}: ${implementation ? `write n${i}.txt` : 'what is a closure?'}`);
        await app.runs.wait(turnId);
        const events: RunEvent[] = app.log.replay({ runId: turnId });
        const waitAt = events.find((e) => e.type === 'warning' && e.code === 'model_wait')?.ts;
        const answerAt = events.filter((e) => e.type === 'message_started').at(-1)?.ts;
        turns.push({ kind: implementation ? 'implementation' : 'conversational', ms: performance.now() - s0, waitedMs: waitAt && answerAt ? answerAt - waitAt : 0, status: events.at(-1)?.type ?? '?' });
      }
    }
    await app.pipelines.settled(runId);
    const wall = performance.now() - t0;
    const report = app.log.replay({ runId }).find((e) => e.type === 'report');
    return { wall, turns, peak: ollama.maxConcurrentChatModels(), arbiterPeak: app.models.peakLeased(), verdict: report?.type === 'report' ? report.report.verdict : 'no report' };
  } finally {
    await app.close();
    await ollama.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const alone = await mixed(false);
const shared = await mixed(true);
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`\nMixed use: one pipeline and ${TURNS} chat turns at once, every model reply scripted to take ${DELAY} ms, max_resident_models = ${MAX} (${new Date().toISOString()}, ${os.cpus().length} CPUs, load ${load})\n`);
console.log('| turn | kind | status | turn ms | waited for the pipeline ms |');
console.log('|------|------|--------|---------|----------------------------|');
shared.turns.forEach((t, i) => console.log(`| ${i + 1} | ${t.kind} | ${t.status} | ${t.ms.toFixed(0)} | ${t.waitedMs.toFixed(0)} |`));
console.log(`\n| run | pipeline verdict | pipeline wall ms | peak resident chat models (Ollama) | peak leased (arbiter) |`);
console.log('|-----|------------------|------------------|------------------------------------|-----------------------|');
console.log(`| pipeline alone | ${alone.verdict} | ${alone.wall.toFixed(0)} | ${alone.peak} | ${alone.arbiterPeak} |`);
console.log(`| pipeline + chat | ${shared.verdict} | ${shared.wall.toFixed(0)} | ${shared.peak} | ${shared.arbiterPeak} |`);
const ok = shared.peak <= MAX && alone.peak <= MAX && shared.turns.every((t) => t.status === 'run_finished') && shared.verdict === 'passed';
console.log(`\npipeline wall with chat / alone: ${(shared.wall / alone.wall).toFixed(2)}x`);
console.log(`peak resident chat models <= max_resident_models (${MAX}): ${shared.peak <= MAX ? 'ok' : 'MISSED'}; every turn answered and the pipeline passed: ${ok ? 'ok' : 'MISSED'}`);
process.exitCode = ok ? 0 : 1;
