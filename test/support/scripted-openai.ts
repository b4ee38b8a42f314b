// A scripted stand-in for an OpenAI-compatible model server (vLLM, llama.cpp's
// llama-server, LM Studio), speaking the chat-completions API closely enough
// for the `openai` npm client: SSE `data: {...}` chunks of
// `chat.completion.chunk`, `choices[0].delta.content`, `delta.tool_calls`
// with index/id/function.name and the arguments in fragments, finish_reason,
// a final usage chunk when `stream_options.include_usage`, `data: [DONE]`,
// GET /v1/models, and error bodies `{"error":{"message","type","param","code"}}`.
// Scripted per test like scripted-ollama.ts: no weights, the rest is real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send, sleep, splitTokens } from './scripted-ollama-model';

export interface ScriptedOpenAIToolCall {
  id?: string;
  name: string;
  /** An object (sent as JSON text) or raw text (malformed JSON, as small models write it). */
  arguments: Record<string, unknown> | string;
}

export interface ScriptedOpenAIReply {
  content?: string;
  /** Content pieces to stream as given; default: `content` split into word-like tokens. */
  chunks?: string[];
  tool_calls?: ScriptedOpenAIToolCall[];
  /** Pause before each streamed chunk. */
  delayMs?: number;
  /** Destroy the socket after N chunks (0 = before any byte), as when the server dies. */
  dropAfterChunks?: number;
  /** Stop answering after the chunks until the client goes away. */
  hang?: boolean;
  /** An HTTP error (default 400), or with afterChunks >= 1 an in-stream `data: {"error": ...}`. */
  error?: { status?: number; message: string; type?: string; code?: string | null; param?: string | null; afterChunks?: number };
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Called as each chunk has been written (benchmarks time the relay from here; tests kill the server). */
  onSent?: (index: number) => void;
  /** Only answer requests this accepts; others take later replies. */
  match?: (req: any) => boolean;
}

export type OpenAIScriptEntry = ScriptedOpenAIReply | ((req: any) => ScriptedOpenAIReply);

export interface OpenAIRecordedRequest { method: string; path: string; body: any; headers: http.IncomingHttpHeaders; at: number }

export interface ScriptedOpenAIOptions {
  /** Model ids /v1/models lists and chat accepts (default: qwen2.5-coder-32b). */
  models?: string[];
  /** The context window /v1/models reports per model as vLLM does (`max_model_len`); absent: not reported. */
  maxModelLen?: Record<string, number>;
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Split every tool call's arguments into fragments of this many characters (default 7). */
  argumentFragment?: number;
}

/** OpenAI's own error bodies, for scripting realistic failures. */
export const openaiErrors = {
  rateLimit: { status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again in 20s.' },
  contextLength: (limit: number, got: number) => ({
    status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages',
    message: `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${got} tokens. Please reduce the length of the messages.`,
  }),
};

interface Conn { res: http.ServerResponse; closed: boolean; dropped: boolean }

export class ScriptedOpenAI {
  url = '';
  /** The base URL a client is configured with (`${url}/v1`). */
  baseURL = '';
  requests: OpenAIRecordedRequest[] = [];
  private readonly models: string[];
  private readonly queues = new Map<string, OpenAIScriptEntry[]>();
  private seq = 0;
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  constructor(private opts: ScriptedOpenAIOptions = {}) {
    this.models = opts.models ?? ['qwen2.5-coder-32b'];
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.baseURL = `${this.url}/v1`;
    return this.baseURL;
  }

  /** Stops listening and cuts every open stream: the host is gone. */
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queue replies for a model ('*' = any model); model-specific queues are consulted first. */
  script(model: string, ...replies: OpenAIScriptEntry[]): this {
    this.queues.set(model, [...(this.queues.get(model) ?? []), ...replies]);
    return this;
  }

  pending(model?: string): number {
    if (model) return this.queues.get(model)?.length ?? 0;
    return [...this.queues.values()].reduce((n, q) => n + q.length, 0);
  }

  reset(): this {
    this.queues.clear();
    this.requests.length = 0;
    return this;
  }

  chatRequests(): any[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body);
  }

  private nextReply(model: string, body: any): ScriptedOpenAIReply | undefined {
    for (const key of [model, '*']) {
      const q = this.queues.get(key) ?? [];
      const i = q.findIndex((e) => typeof e === 'function' || !e.match || e.match(body));
      if (i < 0) continue;
      const [e] = q.splice(i, 1);
      return typeof e === 'function' ? e(body) : e;
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const rec: OpenAIRecordedRequest = { method: req.method ?? 'GET', path, body: null, headers: req.headers, at: Date.now() };
    this.requests.push(rec);
    const c: Conn = { res, closed: false, dropped: false };
    res.on('close', () => (c.closed = true));
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      rec.body = raw ? JSON.parse(raw) : {};
    } catch (e) {
      return this.error(res, { status: 400, type: 'invalid_request_error', message: `We could not parse the JSON body of your request. (${(e as Error).message})` });
    }
    if (this.opts.apiKey && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      return this.error(res, { status: 401, type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided. You can find your API key in your server configuration.' });
    }
    const route = `${rec.method} ${path}`;
    if (route === 'GET /v1/models') {
      return send(res, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'scripted', ...(this.opts.maxModelLen?.[id] ? { max_model_len: this.opts.maxModelLen[id] } : {}) })) });
    }
    if (route === 'POST /v1/chat/completions') return this.complete(rec.body, c);
    return this.error(res, { status: 404, type: 'invalid_request_error', message: `Invalid URL (${route})` });
  }

  private error(res: http.ServerResponse, e: NonNullable<ScriptedOpenAIReply['error']>) {
    send(res, e.status ?? 400, { error: { message: e.message, type: e.type ?? 'invalid_request_error', param: e.param ?? null, code: e.code ?? null } });
  }

  private async complete(body: any, c: Conn) {
    const model: string = body.model;
    if (!Array.isArray(body.messages) || !body.messages.length) {
      return this.error(c.res, { status: 400, type: 'invalid_request_error', param: 'messages', message: "Missing required parameter: 'messages'." });
    }
    if (!this.models.includes(model)) {
      return this.error(c.res, { status: 404, type: 'invalid_request_error', code: 'model_not_found', message: `The model \`${model}\` does not exist or you do not have access to it.` });
    }
    const r = this.nextReply(model, body);
    if (!r) return this.error(c.res, { status: 500, type: 'server_error', message: `scripted-openai: script exhausted, no reply left for model "${model}"` });
    if (r.error && !r.error.afterChunks) return this.error(c.res, { status: 400, ...r.error });

    const id = `chatcmpl-${(++this.seq).toString(36).padStart(8, '0')}`;
    const created = Math.floor(Date.now() / 1000);
    const calls = (r.tool_calls ?? []).map((tc, i) => ({
      index: i,
      id: tc.id ?? `call_${this.seq}_${i}`,
      name: tc.name,
      arguments: typeof tc.arguments === 'string' ? tc.arguments : JSON.stringify(tc.arguments),
    }));
    const finish = r.finishReason ?? (calls.length ? 'tool_calls' : 'stop');
    const content = (r.chunks ?? splitTokens(r.content)).join('');
    const usage = r.usage ?? { prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4), completion_tokens: Math.max(1, (r.chunks ?? splitTokens(r.content)).length + calls.length) };
    const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };

    if (body.stream !== true) {
      const message = {
        role: 'assistant', content: content || null, refusal: null,
        ...(calls.length ? { tool_calls: calls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) } : {}),
      };
      return send(c.res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage: fullUsage });
    }

    // The deltas, as OpenAI streams them: the role first, content tokens, then each tool call's
    // id and name followed by its arguments in fragments, then an empty delta with finish_reason.
    const withUsage = body.stream_options?.include_usage === true;
    const frame = (delta: object, finish_reason: string | null = null) => ({
      id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_scripted',
      choices: [{ index: 0, delta, logprobs: null, finish_reason }],
      ...(withUsage ? { usage: null } : {}),
    });
    const step = Math.max(1, this.opts.argumentFragment ?? 7);
    const frames: object[] = [frame({ role: 'assistant', content: '', refusal: null })];
    for (const piece of r.chunks ?? splitTokens(r.content)) frames.push(frame({ content: piece }));
    for (const t of calls) {
      frames.push(frame({ tool_calls: [{ index: t.index, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }] }));
      for (let k = 0; k < t.arguments.length; k += step) frames.push(frame({ tool_calls: [{ index: t.index, function: { arguments: t.arguments.slice(k, k + step) } }] }));
    }
    frames.push(frame({}, finish));
    if (withUsage) frames.push({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_scripted', choices: [], usage: fullUsage });

    c.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    for (let i = 0; ; i++) {
      if (c.closed) return;
      if (r.dropAfterChunks === i) {
        c.dropped = true;
        c.res.socket?.destroy();
        return;
      }
      if (r.error?.afterChunks === i) {
        const e = r.error;
        c.res.write(`data: ${JSON.stringify({ error: { message: e.message, type: e.type ?? 'server_error', param: e.param ?? null, code: e.code ?? null } })}\n\n`);
        return void c.res.end();
      }
      if (i === frames.length) break;
      if (r.delayMs) await sleep(r.delayMs);
      if (c.closed) return;
      c.res.write(`data: ${JSON.stringify(frames[i])}\n\n`);
      r.onSent?.(i);
    }
    if (r.hang) return new Promise<void>((resolve) => (c.closed ? resolve() : c.res.once('close', resolve)));
    c.res.write('data: [DONE]\n\n');
    c.res.end();
  }
}

/** Scripted reply helpers in the OpenAI shapes. */
export const oaSay = (content: string): ScriptedOpenAIReply => ({ content });
export const oaCall = (name: string, args: Record<string, unknown> | string, content = ''): ScriptedOpenAIReply => ({ content, tool_calls: [{ name, arguments: args }] });
