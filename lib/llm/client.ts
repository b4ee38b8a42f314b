// A thin wrapper over the `ollama` package: streaming chat that always sets
// num_ctx, can be aborted (Stop), and turns failures into messages that say
// what to do. A broken-off stream keeps what arrived.
import { Ollama, type Message, type Tool as OllamaTool, type ToolCall } from 'ollama';

export type ChatMessage = Message;
export type { OllamaTool, ToolCall };

export interface ChatCall {
  host: string;
  model: string;
  messages: ChatMessage[];
  numCtx: number;
  signal?: AbortSignal;
  tools?: OllamaTool[];
  /** 'json' or a JSON schema: Ollama's structured output. */
  format?: string | object;
  keepAlive?: string | number;
  temperature?: number;
  /** The most tokens the reply may take (Ollama's num_predict, the openai kind's max_tokens). */
  numPredict?: number;
  onDelta?: (text: string) => void;
}

export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  promptEvalCount?: number;
  evalCount?: number;
  loadDurationMs?: number;
  durationMs: number;
  doneReason?: string;
  /** The stream ended early: `error` says why, or the caller aborted. */
  partial: boolean;
  aborted: boolean;
  error?: string;
}

export function client(host: string, signal?: AbortSignal): Ollama {
  // Our own fetch carries the abort signal into the connection phase too.
  const f: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: signal ? (init?.signal ? AbortSignal.any([init.signal, signal]) : signal) : init?.signal });
  return new Ollama({ host, fetch: f });
}

export async function chat(call: ChatCall): Promise<ChatResult> {
  const started = Date.now();
  const out: ChatResult = { content: '', toolCalls: [], durationMs: 0, partial: false, aborted: false };
  try {
    const stream = await client(call.host, call.signal).chat({
      model: call.model,
      messages: call.messages,
      tools: call.tools?.length ? call.tools : undefined,
      format: call.format,
      keep_alive: call.keepAlive,
      stream: true,
      options: { num_ctx: call.numCtx, ...(call.temperature !== undefined ? { temperature: call.temperature } : {}), ...(call.numPredict ? { num_predict: call.numPredict } : {}) },
    });
    for await (const part of stream) {
      const text = part.message?.content ?? '';
      if (text) {
        out.content += text;
        call.onDelta?.(text);
      }
      if (part.message?.tool_calls?.length) out.toolCalls.push(...part.message.tool_calls);
      if (part.done) {
        out.promptEvalCount = part.prompt_eval_count;
        out.evalCount = part.eval_count;
        out.loadDurationMs = part.load_duration ? Math.round(part.load_duration / 1e6) : undefined;
        out.doneReason = part.done_reason;
      }
    }
    if (out.doneReason === undefined && !call.signal?.aborted) {
      out.partial = true;
      out.error = `Ollama at ${call.host} ended the reply without finishing it.`;
    }
  } catch (err) {
    out.partial = true;
    if (call.signal?.aborted) out.aborted = true;
    else out.error = describeOllamaError(err, call.host, call.model);
  }
  out.durationMs = Date.now() - started;
  return out;
}

/** One human sentence for whatever went wrong talking to Ollama. */
export function describeOllamaError(err: unknown, host: string, model?: string): string {
  const e = err as { status_code?: number; message?: string; cause?: { code?: string }; name?: string };
  const msg = e?.message ?? String(err);
  const code = e?.cause?.code ?? '';
  if (e?.status_code === 404 || /not found, try pulling/i.test(msg)) {
    return model ? `The model ${model} is not pulled. Run: ollama pull ${model}` : msg;
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code) || /fetch failed/i.test(msg)) {
    return `Ollama is not reachable at ${host}. Start it with \`ollama serve\` (or set OLLAMA_HOST), then try again.`;
  }
  if (/terminated|socket|ECONNRESET|other side closed/i.test(msg + code)) {
    return `Ollama at ${host} stopped answering in the middle of the reply (${msg}). The partial answer is kept; try again.`;
  }
  return `Ollama error${e?.status_code ? ` ${e.status_code}` : ''}: ${msg}`;
}
