// The `openai` kind: any /v1/chat/completions server (vLLM, llama.cpp's
// llama-server, LM Studio, SGLang, Ollama's own /v1) through the maintained
// `openai` client. The client parses the SSE stream and its
// ChatCompletionStream assembles tool-call deltas into calls; we map our
// Ollama-shaped messages to its shapes and its errors to sentences that say
// what to do. There is no num_ctx or residency control on this kind.
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { ChatMessage, ToolCall } from '../client';
import type { DriverCall, DriverResult, Probe, ProviderDriver } from './types';

function client(host: string, apiKey: string): OpenAI {
  // No retries of its own: a failed host is the route's to fail over.
  return new OpenAI({ baseURL: host, apiKey: apiKey || 'none', maxRetries: 0, timeout: 10 * 60_000 });
}

/** Our messages (Ollama's shape) as chat-completions messages; tool calls get ids their results refer to. */
export function toOpenAIMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  const pending: string[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'assistant') {
      const calls = (m.tool_calls ?? []).map((tc, k) => ({
        id: `call_${i}_${k}`,
        type: 'function' as const,
        function: { name: tc.function.name, arguments: typeof tc.function.arguments === 'string' ? tc.function.arguments : JSON.stringify(tc.function.arguments ?? {}) },
      }));
      pending.length = 0;
      pending.push(...calls.map((c) => c.id));
      out.push(calls.length ? { role: 'assistant', content: m.content || null, tool_calls: calls } : { role: 'assistant', content: m.content });
    } else if (m.role === 'tool') {
      const id = pending.shift();
      // A tool result without a call to answer (history cut by the budget) is kept as plain text.
      out.push(id ? { role: 'tool', tool_call_id: id, content: m.content } : { role: 'user', content: `Tool result${m.tool_name ? ` (${m.tool_name})` : ''}:\n${m.content}` });
    } else if (m.role === 'system') out.push({ role: 'system', content: m.content });
    else out.push({ role: 'user', content: m.content });
  });
  return out;
}

function responseFormat(format: string | object | undefined) {
  if (!format) return undefined;
  if (typeof format === 'string') return { type: 'json_object' as const };
  return { type: 'json_schema' as const, json_schema: { name: 'reply', schema: format as Record<string, unknown> } };
}

export const openaiDriver: ProviderDriver = {
  kind: 'openai',

  async chat(call: DriverCall): Promise<DriverResult> {
    const started = Date.now();
    const out: DriverResult = { content: '', toolCalls: [], durationMs: 0, partial: false, aborted: false };
    let stream: ReturnType<OpenAI['chat']['completions']['stream']> | undefined;
    try {
      stream = client(call.host, call.apiKey ?? '').chat.completions.stream(
        {
          model: call.model,
          messages: toOpenAIMessages(call.messages),
          tools: call.tools?.length ? (call.tools as unknown as ChatCompletionTool[]) : undefined,
          response_format: responseFormat(call.format),
          ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
          // Ollama's num_predict; `max_tokens` is what vLLM, llama.cpp and LM Studio all read.
          ...(call.numPredict ? { max_tokens: call.numPredict } : {}),
          stream_options: { include_usage: true },
        },
        { signal: call.signal },
      );
      let snapshot: Snapshot | undefined;
      for await (const chunk of stream) {
        // The helper's running assembly of the reply (it clears it when the stream ends).
        snapshot = stream.currentChatCompletionSnapshot as Snapshot | undefined;
        const choice = chunk.choices?.[0];
        const text = choice?.delta?.content ?? '';
        if (text) {
          out.content += text;
          call.onDelta?.(text);
        }
        if (choice?.finish_reason) out.doneReason = choice.finish_reason;
        if (chunk.usage) {
          out.promptEvalCount = chunk.usage.prompt_tokens;
          out.evalCount = chunk.usage.completion_tokens;
        }
      }
      out.toolCalls = assembledCalls(snapshot);
      if (out.doneReason === undefined && !call.signal?.aborted) {
        out.partial = true;
        out.hostDown = true;
        out.error = `The model server at ${call.host} ended the reply without finishing it.`;
      }
    } catch (err) {
      out.partial = true;
      if (call.signal?.aborted) out.aborted = true;
      else {
        const d = describeOpenAIError(err, call.host, call.model);
        out.error = d.message;
        out.hostDown = d.hostDown;
      }
    }
    out.durationMs = Date.now() - started;
    return out;
  },

  async probe(host: string, apiKey: string, signal: AbortSignal): Promise<Probe> {
    const models: string[] = [];
    const contextLengths: Record<string, number> = {};
    try {
      for await (const m of client(host, apiKey).models.list({ signal })) {
        models.push(m.id);
        const n = reportedContext(m);
        if (n) contextLengths[m.id] = n;
      }
    } catch (err) {
      throw new Error(describeOpenAIError(err, host).message);
    }
    return { models, loaded: null, contextLengths };
  },
};

/**
 * The context window a /v1/models entry reports, where the server says: vLLM
 * `max_model_len`, llama.cpp `meta.n_ctx_train`, others `context_length`.
 * Server output: only a sane whole number counts.
 */
function reportedContext(m: object): number | undefined {
  const e = m as { max_model_len?: unknown; context_length?: unknown; meta?: { n_ctx_train?: unknown } };
  const n = Number(e.max_model_len ?? e.context_length ?? e.meta?.n_ctx_train);
  return Number.isInteger(n) && n >= 256 && n <= 10_000_000 ? n : undefined;
}

/** The calls the client's stream helper assembled from the deltas, in Ollama's shape (arguments left as text for repair). */
type Snapshot = { choices: { message: { tool_calls?: { function?: { name?: string; arguments?: string } }[] } }[] };

function assembledCalls(snapshot: Snapshot | undefined): ToolCall[] {
  const calls = snapshot?.choices?.[0]?.message?.tool_calls ?? [];
  // The recovery layer (repairArguments) reads text arguments and repairs malformed JSON.
  return calls.filter((c) => c.function?.name).map((c) => ({ function: { name: c.function!.name!, arguments: (c.function!.arguments ?? '') as unknown as Record<string, unknown> } }));
}

/** One sentence for what went wrong with an OpenAI-compatible server, and whether the host itself failed. */
export function describeOpenAIError(err: unknown, host: string, model?: string): { message: string; hostDown: boolean } {
  const e = err as { status?: number; code?: string | null; type?: string; message?: string; error?: { message?: string }; cause?: { code?: string } };
  const detail = e?.error?.message ?? e?.message ?? String(err);
  const code = String(e?.code ?? '');
  const status = e instanceof OpenAI.APIError ? e.status : undefined;
  if (status === 401 || status === 403 || code === 'invalid_api_key') {
    return { hostDown: false, message: `The model server at ${host} refused the API key (${status ?? code}: ${detail}). Set api_key for this provider in your machine config (~/.code-assistant/config.toml).` };
  }
  if (/maximum context length|context_length_exceeded|exceeds the available context|context length|too many tokens|prompt is too long/i.test(`${code} ${detail}`)) {
    return { hostDown: false, message: `The prompt is longer than ${model ?? 'the model'}'s context window on ${host} (${detail}). Lower num_ctx for ${model ?? 'this model'} to the server's limit so prompts are budgeted to fit, or start a new session.` };
  }
  if (status === 404 || code === 'model_not_found') {
    return { hostDown: false, message: `The model server at ${host} does not serve ${model ?? 'that model'} (${detail}). Pick one it lists (the home page shows them) or load it on the server.` };
  }
  if (status === 429 || code === 'rate_limit_exceeded') {
    return { hostDown: false, message: `The model server at ${host} is rate limiting requests (429: ${detail}). Wait a moment and try again, or add another host to this provider.` };
  }
  if (status === 400 && /tool choice|tool-call-parser|does not support tools|tools? (is|are) not supported/i.test(detail)) {
    // Worded as Ollama's refusal so the loop switches to the text tool protocol.
    return { hostDown: false, message: `${model} does not support tools on ${host} (${detail}).` };
  }
  if (status !== undefined && status >= 500) {
    return { hostDown: true, message: `The model server at ${host} failed (${status}: ${detail}). Try again; if it keeps failing, check the server's log.` };
  }
  if (status === undefined && (err instanceof OpenAI.APIConnectionError || /fetch failed|ECONNREFUSED|ECONNRESET|terminated|socket|other side closed|network/i.test(`${detail} ${e?.cause?.code ?? ''}`))) {
    return { hostDown: true, message: `The model server at ${host} is not reachable or stopped answering (${detail}). Start it, or check the provider's urls in your machine config.` };
  }
  return { hostDown: false, message: `Model server error${status ? ` ${status}` : ''} at ${host}: ${detail}` };
}
