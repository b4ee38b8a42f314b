// `ca quick "question"`: one fast answer from the quick model, no tools,
// streamed to the terminal, recorded as a quick run like the UI's.
import os from 'node:os';
import type { App } from '../lib/app';
import { runAgent } from '../lib/agents/loop';
import { loadPersona } from '../lib/agents/personas';
import { toolSettings } from '../lib/agents/chat';
import { numCtxFor } from '../lib/config';
import type { Io } from './pipeline';

export async function runQuickCommand(openApp: () => App, question: string, io: Io & { write: (text: string) => void }): Promise<number> {
  const app = openApp();
  const config = app.config().values;
  const p = loadPersona('quick');
  const model = config.quick_model;
  let failed = '';
  const off = app.log.bus.subscribe({}, (e, ack) => {
    if (ack) return;
    if (e.type === 'message_delta' && e.id === 0) io.write(e.text);
    if (e.type === 'run_failed') failed = e.error;
  });
  const runId = app.runs.start({ kind: 'quick', input: question }, async (ctx) => {
    await runAgent({
      ctx, host: config.ollama_host, persona: 'quick', model, numCtx: numCtxFor(config, model), system: p.system,
      history: [], user: question, tools: [], workspace: os.tmpdir(), toolSettings: toolSettings(config), maxSteps: 1,
    });
  });
  await app.runs.wait(runId);
  off();
  io.write('\n');
  if (failed) {
    io.err(failed);
    return 1;
  }
  return 0;
}
