// Compaction benchmark: a scripted 40-turn chat session on a small num_ctx, in process (the engine as the
// server runs it, against the scripted Ollama). Every reply streams at a fixed pace per token; every summary
// call takes 1 s. Per turn: the largest prompt sent (the budget's estimate of what the scripted server
// received) against num_ctx, and the time compaction took. Totals: the session's model time against the time
// spent compacting, the share (target < 5%), and whether any prompt exceeded num_ctx.
// Why the share holds: one summary call folds in about compact_history_share * num_ctx minus the kept turns
// of history, so its cost is spread over the model time that produced those tokens; a faster model or a
// smaller num_ctx raises the share (try --ms-per-token 10 or --num-ctx 2048).
//   npm run bench:compaction [-- --turns 40 --num-ctx 4096 --ms-per-token 25 --summary-ms 1000]
import { startTurn } from '../lib/agents/chat';
import { estimateMessages } from '../lib/llm/budget';
import type { RunEvent } from '../lib/runs/events';
import { testApp } from '../test/support/test-app';
import { answerText, isAnswer, isClassify, isSummary, SMALL, summaryText, userText } from '../test/compact/support';

const flag = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const TURNS = flag('turns', 40);
const NUM_CTX = flag('num-ctx', 4096);
const MS_PER_TOKEN = flag('ms-per-token', 25);
const SUMMARY_MS = flag('summary-ms', 1000);

/** Word-like pieces, one per streamed chunk: about one token each. */
const pieces = (text: string) => text.match(/\s*\S+/g) ?? [];
const paced = (content: string, match: (r: any) => boolean) => ({ chunks: pieces(content), delayMs: MS_PER_TOKEN, match });

async function main() {
  const t = await testApp({ CA_DEFAULT_NUM_CTX: String(NUM_CTX) });
  try {
    // The summary arrives whole after SUMMARY_MS: one piece, one pause.
    for (let k = 1; k <= TURNS; k++) t.ollama.script(SMALL, { chunks: [summaryText(k)], delayMs: SUMMARY_MS, match: isSummary });
    console.log(`compaction: ${TURNS} conversational turns, num_ctx ${NUM_CTX}, replies at ${MS_PER_TOKEN} ms per token, summary call ${SUMMARY_MS} ms`);
    console.log('turn | prompt tokens sent (max) | of num_ctx | summary prompt | compaction ms | turn ms');
    let sessionMs = 0;
    let compactMs = 0;
    let compactions = 0;
    let worst = 0;
    for (let i = 1; i <= TURNS; i++) {
      t.ollama.script(SMALL, paced(JSON.stringify({ intent: 'conversational', reason: 'a question' }), isClassify), paced(answerText(i), isAnswer));
      const before = t.ollama.chatRequests().length;
      const started = performance.now();
      const runId = startTurn(t.app, t.sessionId, userText(i));
      await t.app.runs.wait(runId);
      const ms = performance.now() - started;
      sessionMs += ms;
      const events = t.events(runId);
      if (events.at(-1)?.type !== 'run_finished') throw new Error(`turn ${i} did not finish: ${JSON.stringify(events.at(-1))}`);
      const reqs = t.ollama.chatRequests().slice(before);
      const sent = reqs.map((r) => estimateMessages(r.messages, r.tools));
      const max = Math.max(...sent);
      worst = Math.max(worst, ...sent.map((n, k) => n / reqs[k].options.num_ctx));
      const summaries = reqs.filter(isSummary).map((r) => estimateMessages(r.messages));
      const done = events.filter((e): e is Extract<RunEvent, { type: 'history_compacted' }> => e.type === 'history_compacted');
      const cms = done.reduce((n, e) => n + e.durationMs, 0);
      compactMs += cms;
      compactions += done.length;
      const trimmed = events.some((e) => e.type === 'warning' && (e.code === 'context_trimmed' || e.code === 'compaction_failed'));
      console.log(
        `${String(i).padStart(4)} | ${String(max).padStart(24)} | ${`${((100 * max) / NUM_CTX).toFixed(0)}%`.padStart(10)} | ` +
        `${(summaries.length ? summaries.join('+') : '-').padStart(14)} | ${(cms ? String(cms) : '-').padStart(13)} | ${ms.toFixed(0).padStart(7)}` +
        `${done.length ? `  summarised ${done[0]!.turns} turns, history ~${done[0]!.tokensBefore} -> ~${done[0]!.tokensAfter} tokens` : ''}${trimmed ? '  (trimmed)' : ''}`,
      );
    }
    const over = t.ollama.chatRequests().filter((r) => estimateMessages(r.messages, r.tools) > r.options.num_ctx).length;
    const share = (100 * compactMs) / sessionMs;
    console.log('');
    console.log(`model time (all ${TURNS} turns, wall clock of the runs): ${(sessionMs / 1000).toFixed(1)} s`);
    console.log(`compaction time (${compactions} summaries): ${(compactMs / 1000).toFixed(1)} s = ${share.toFixed(1)}% of the session (target < 5%: ${share < 5 ? 'met' : 'NOT met'})`);
    console.log(`largest prompt: ${(100 * worst).toFixed(0)}% of num_ctx; prompts over num_ctx: ${over} of ${t.ollama.chatRequests().length} requests (${over ? 'FAILED' : 'none'})`);
    if (over) process.exitCode = 1;
  } finally {
    await t.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
