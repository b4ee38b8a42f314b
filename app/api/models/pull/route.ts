// Pulls a model through Ollama, streaming its progress as NDJSON lines.
import { z } from 'zod';
import { getApp } from '@/lib/app';
import { activeWorkspace } from '@/lib/sessions/workspaces';
import { parseJson } from '@/lib/http/parse';
import { handle } from '@/lib/http/respond';
import { describeOllamaError } from '@/lib/llm/client';
import { pullModel } from '@/lib/llm/models';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Pull = z.object({
  model: z.string().max(200).regex(/^[\w.\-/:]+$/, 'give a model name such as qwen2.5-coder:7b'),
});

/**
 * What failed, in the server's words. Not describeOllamaError's "is not pulled.
 * Run: ollama pull", which is what the user just tried.
 */
function pullFailure(err: unknown, host: string, model: string): string {
  const described = describeOllamaError(err, host);
  if (/not reachable/.test(described)) return described;
  const msg = (err as Error)?.message ?? String(err);
  const hint = /file does not exist|not found|manifest unknown/i.test(msg) ? ` Check the name and tag at https://ollama.com/library, then Retry.` : ' Retry, or run `ollama pull ' + model + '` in a terminal to see more.';
  return `Pulling ${model} failed: Ollama said "${msg}".${hint}`;
}

export function POST(req: Request) {
  return handle(async () => {
    const { model } = await parseJson(req, Pull);
    const app = getApp();
    const host = app.config(activeWorkspace(app.db)?.path).values.ollama_host;
    const enc = new TextEncoder();
    const stream = new ReadableStream({
      async start(controller) {
        const line = (o: unknown) => controller.enqueue(enc.encode(JSON.stringify(o) + '\n'));
        try {
          await pullModel(host, model, (p) => line(p), req.signal);
          line({ status: 'success', done: true });
        } catch (err) {
          line({ error: pullFailure(err, host, model) });
        }
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' } });
  });
}
