// `ca quick "question"`: one fast answer from the quick model, no tools,
// streamed to the terminal, recorded as a quick run like the UI's (on the
// running server, cli/remote.ts, when one holds the data folder).
import os from 'node:os';
import { runAgent } from '../lib/agents/loop';
import { loadPersona } from '../lib/agents/personas';
import { toolSettings } from '../lib/tools/setup';
import { numCtxFor } from '../lib/config';
import type { Io } from './io';
import { runQuickRemote } from './remote';
import type { Target } from './target';

export async function runQuickCommand(open: () => Target, question: string, io: Io & { write: (text: string) => void }): Promise<number> {
  const target = open();
  if ('server' in target) return runQuickRemote(target.server, question, io);
  const app = target.app;
  const config = app.config().values;
  const p = loadPersona('quick');
  const model = config[p.modelKey];
  // quick_provider's server (default ollama_host), as in the UI.
  const route = app.providers.route(config, p.modelKey);
  const numCtx = numCtxFor(config, model, (await route.info.get(model))?.contextLength);
  let failed = '';
  let cancelled = false;
  const off = app.log.bus.subscribe({}, (e, ack) => {
    if (ack) return;
    if (e.type === 'message_delta' && e.id === 0) io.write(e.text);
    if (e.type === 'run_failed') failed = e.error;
    if (e.type === 'run_cancelled') cancelled = true;
  });
  const runId = app.runs.start({ kind: 'quick', input: question }, async (ctx) => {
    // The same residency rules as every model call of the app.
    const lease = await route.acquire({ model, numCtx, owner: 'a quick answer', emit: ctx.emit, signal: ctx.signal });
    try {
      await runAgent({
        ctx, host: config.ollama_host, persona: 'quick', model, numCtx, system: p.system, keepAlive: route.keepAlive, route,
        history: [], user: question, tools: [], workspace: os.tmpdir(), toolSettings: toolSettings(config), maxSteps: 1,
      });
    } finally {
      lease.release();
    }
  });
  // Ctrl+C stops the answer (and the 'exit' handler releases the data folder's lock).
  const onSigint = () => app.runs.cancel(runId);
  process.once('SIGINT', onSigint);
  try {
    await app.runs.wait(runId);
  } finally {
    process.off('SIGINT', onSigint);
    off();
  }
  io.write('\n');
  if (failed) {
    io.err(failed);
    return 1;
  }
  return cancelled ? 130 : 0;
}
