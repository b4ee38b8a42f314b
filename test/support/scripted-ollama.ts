// A scripted stand-in for the Ollama server, speaking its HTTP API (docs/api.md
// of ollama/ollama) closely enough for the `ollama` npm client and our lib/llm.
// No weights exist on test machines, so each test scripts what "the model" says;
// everything around it (NDJSON framing, done stats, load/unload via keep_alive,
// residency in /api/ps, error bodies) behaves like the real server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Model, type ModelSpec, type Piece, embedText, normalizeName, now, ns, parseKeepAlive, psEntry, send, shape,
  showResponse, sleep, splitTokens, tagsEntry, text, toModel, writeLine,
} from './scripted-ollama-model';

export type { ModelSpec } from './scripted-ollama-model';

export interface ScriptedToolCall {
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface ScriptedReply {
  content?: string;
  thinking?: string;
  tool_calls?: ScriptedToolCall[];
  /** Content pieces to stream as given; default: `content` split into word-like tokens. */
  chunks?: string[];
  /** Pause before each streamed piece. */
  delayMs?: number;
  /** Destroy the socket after N pieces (0 = before any byte), as when Ollama dies. */
  dropAfterChunks?: number;
  /** Stop answering after the pieces (with none: before headers, like a stuck prompt eval) until the client goes away. */
  hang?: boolean;
  /** HTTP error (default 500); with afterChunks >= 1 it arrives inside the stream as {"error": ...}. */
  error?: { status?: number; message: string; afterChunks?: number };
  doneReason?: string;
  promptEvalCount?: number;
  evalCount?: number;
  /** Called as each piece has been written (benchmarks time the relay from here). */
  onSent?: (index: number) => void;
  /** Only answer requests this accepts (body, path); others take later replies. */
  match?: (req: any, path: string) => boolean;
}

/** A reply, or a function building one from the request (e.g. to echo a tool result). */
export type ScriptEntry = ScriptedReply | ((req: any, path: string) => ScriptedReply);

export interface RecordedRequest { method: string; path: string; body: any; at: number; aborted: boolean }
export interface ModelEvent { type: 'load' | 'unload'; model: string; at: number }

export interface ScriptedOllamaOptions {
  /** Pulled models (default: llama3.2, nomic-embed-text). Names without a tag get `:latest`. */
  models?: (string | ModelSpec)[];
  /** Models /api/pull can download (with progress); afterwards they are listed in /api/tags. */
  pullable?: (string | ModelSpec)[];
  embedDim?: number;
  loadDelayMs?: number;
  /** Evict the least recently used idle model beyond this many (Ollama's OLLAMA_MAX_LOADED_MODELS). */
  maxLoadedModels?: number;
  pullStepDelayMs?: number;
  version?: string;
}

interface Slot { model: Model; refs: number; ready: Promise<void>; numCtx: number; sessionMs: number; expiresAt: number; lastUsed: number; timer?: NodeJS.Timeout }
interface Conn { res: http.ServerResponse; closed: boolean; dropped: boolean }

const DEFAULT_KEEP_ALIVE_MS = 5 * 60_000;
const DEFAULT_NUM_CTX = 4096;
const FOREVER = Date.UTC(2318, 0, 1); // what Ollama shows for keep_alive < 0

export class ScriptedOllama {
  url = '';
  requests: RecordedRequest[] = [];
  events: ModelEvent[] = [];
  /** Requests whose client went away before the response finished. */
  aborted = 0;
  private readonly opts: ScriptedOllamaOptions;
  private readonly embedDim: number;
  private readonly models = new Map<string, Model>();
  private readonly pullable = new Map<string, Model>();
  private readonly slots = new Map<string, Slot>();
  private readonly queues = new Map<string, ScriptEntry[]>();
  private peakChat = 0;
  private toolCallSeq = 0;
  private stopping = false;
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  constructor(opts: ScriptedOllamaOptions = {}) {
    this.opts = opts;
    this.embedDim = opts.embedDim ?? 768;
    for (const m of (opts.models ?? ['llama3.2', 'nomic-embed-text']).map(toModel)) this.models.set(m.name, m);
    for (const m of (opts.pullable ?? []).map(toModel)) this.pullable.set(m.name, m);
  }

  async start(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const s of this.slots.values()) clearTimeout(s.timer);
    this.server.closeAllConnections(); // hung streams would otherwise keep close() waiting
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queue replies for a model ('*' = any model); model-specific queues are consulted first. */
  script(model: string, ...replies: ScriptEntry[]): this {
    const key = model === '*' ? '*' : normalizeName(model);
    this.queues.set(key, [...(this.queues.get(key) ?? []), ...replies]);
    return this;
  }

  /** Scripted replies not consumed yet (for one model key, or all). */
  pending(model?: string): number {
    if (model) return this.queues.get(model === '*' ? '*' : normalizeName(model))?.length ?? 0;
    return [...this.queues.values()].reduce((n, q) => n + q.length, 0);
  }

  /** Forget scripts and records, for a server shared across tests (Playwright workers); residency stays. */
  reset(): this {
    this.queues.clear();
    this.requests.length = 0;
    this.events.length = 0;
    this.aborted = 0;
    this.peakChat = [...this.slots.values()].filter((s) => !s.model.embedding).length;
    return this;
  }

  chatRequests(): any[] { return this.requests.filter((r) => r.path === '/api/chat').map((r) => r.body); }
  loaded(): string[] { return [...this.slots.keys()]; }
  pulled(): string[] { return [...this.models.keys()]; }
  /** Peak number of non-embedding models resident at once. */
  maxConcurrentChatModels(): number { return this.peakChat; }

  private find(name: unknown): Model | undefined {
    return typeof name === 'string' && name ? this.models.get(normalizeName(name)) : undefined;
  }

  private nextReply(model: string, body: any, path: string): ScriptedReply | undefined {
    for (const key of [model, '*']) {
      const q = this.queues.get(key) ?? [];
      const i = q.findIndex((e) => typeof e === 'function' || !e.match || e.match(body, path));
      if (i < 0) continue;
      const [e] = q.splice(i, 1);
      return typeof e === 'function' ? e(body, path) : e;
    }
    return undefined;
  }

  // ---- residency: mirrors Ollama's scheduler closely enough for load/unload assertions

  private acquire(m: Model, numCtx: number, keepAliveMs: number | undefined): Slot {
    let slot = this.slots.get(m.name);
    // Ollama reloads a runner whose num_ctx differs from the request's.
    if (slot && slot.numCtx !== numCtx && slot.refs === 0) { this.unload(m.name); slot = undefined; }
    if (!slot) {
      const idle = [...this.slots.values()].filter((s) => s.refs === 0).sort((a, b) => a.lastUsed - b.lastUsed);
      while (this.slots.size >= (this.opts.maxLoadedModels ?? Infinity) && idle.length) this.unload(idle.shift()!.model.name);
      const ready = sleep(m.loadDelayMs ?? this.opts.loadDelayMs ?? 0);
      slot = { model: m, refs: 0, ready, numCtx, sessionMs: 0, expiresAt: 0, lastUsed: 0 };
      this.slots.set(m.name, slot); // resident from the start of loading, as /api/ps shows it
      this.events.push({ type: 'load', model: m.name, at: Date.now() });
      this.peakChat = Math.max(this.peakChat, [...this.slots.values()].filter((s) => !s.model.embedding).length);
    }
    clearTimeout(slot.timer);
    slot.refs++;
    slot.lastUsed = Date.now();
    slot.sessionMs = keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS; // each request resets the session, like Ollama
    slot.expiresAt = Number.isFinite(slot.sessionMs) ? Date.now() + slot.sessionMs : FOREVER;
    return slot;
  }

  private release(slot: Slot) {
    if (this.slots.get(slot.model.name) !== slot || --slot.refs > 0) return;
    slot.lastUsed = Date.now();
    if (slot.sessionMs === 0) return this.unload(slot.model.name);
    slot.expiresAt = Number.isFinite(slot.sessionMs) ? Date.now() + slot.sessionMs : FOREVER;
    if (slot.sessionMs < 2 ** 31 - 1) slot.timer = setTimeout(() => this.unload(slot.model.name), slot.sessionMs).unref();
  }

  private unload(name: string) {
    const slot = this.slots.get(name);
    if (!slot) return;
    clearTimeout(slot.timer);
    this.slots.delete(name);
    this.events.push({ type: 'unload', model: name, at: Date.now() });
  }

  // ---- HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // client vanished while sending its body
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, body: null, at: Date.now(), aborted: false };
    this.requests.push(rec);
    const c: Conn = { res, closed: false, dropped: false };
    res.on('close', () => {
      c.closed = true;
      if (!res.writableFinished && !c.dropped && !this.stopping) { rec.aborted = true; this.aborted++; }
    });
    try {
      rec.body = raw ? JSON.parse(raw) : {};
    } catch (e) {
      return send(res, 400, { error: (e as Error).message });
    }
    try {
      await this.route(`${rec.method} ${path}`, rec.body, c);
    } catch (e) {
      if (!res.headersSent) send(res, 500, { error: (e as Error).message });
      else res.destroy();
    }
  }

  private async route(route: string, body: any, c: Conn) {
    const name = body.model ?? body.name;
    switch (route) {
      case 'GET /': case 'HEAD /': return text(c.res, 200, 'Ollama is running');
      case 'GET /api/version': return send(c.res, 200, { version: this.opts.version ?? '0.12.6' });
      case 'GET /api/tags': return send(c.res, 200, { models: [...this.models.values()].map(tagsEntry) });
      case 'GET /api/ps': return send(c.res, 200, { models: this.ps() });
      case 'POST /api/show': {
        const m = this.find(name);
        return m ? send(c.res, 200, showResponse(m, this.embedDim)) : send(c.res, 404, { error: `model '${name}' not found` });
      }
      case 'POST /api/chat': return this.complete('chat', body, c);
      case 'POST /api/generate': return this.complete('generate', body, c);
      case 'POST /api/embed': return this.embed(false, body, c);
      case 'POST /api/embeddings': return this.embed(true, body, c);
      case 'POST /api/pull': return this.pull(body, c);
      case 'DELETE /api/delete': {
        const m = this.find(name);
        if (!m) return send(c.res, 404, { error: `model '${name}' not found` });
        this.models.delete(m.name);
        return void c.res.writeHead(200).end();
      }
      default: return text(c.res, 404, '404 page not found');
    }
  }

  private ps() {
    return [...this.slots.values()].sort((a, b) => b.expiresAt - a.expiresAt).map((s) => psEntry(s.model, s.numCtx, s.expiresAt));
  }

  private async complete(kind: 'chat' | 'generate', body: any, c: Conn) {
    const t0 = performance.now();
    const name: string = body.model;
    if (!name) return send(c.res, 400, { error: 'model is required' });
    const m = this.find(name);
    if (!m) return send(c.res, 404, { error: `model "${name}" not found, try pulling it first` });
    const keepAlive = parseKeepAlive(body.keep_alive);
    const empty = kind === 'chat' ? !body.messages?.length : !body.prompt;
    const frame = (extra: object) => ({ model: name, created_at: now(), ...shape(kind, {}), ...extra });
    if (empty && keepAlive === 0) {
      const slot = this.slots.get(m.name);
      if (slot?.refs) slot.sessionMs = 0; // busy: unload when its last request finishes
      else this.unload(m.name);
      return send(c.res, 200, frame({ done: true, done_reason: 'unload' }));
    }
    if (m.embedding) return send(c.res, 400, { error: `"${name}" does not support ${kind}` });
    if (body.tools?.length && !m.capabilities.includes('tools')) {
      const full = m.name.includes('/') ? m.name : `registry.ollama.ai/library/${m.name}`;
      return send(c.res, 400, { error: `${full} does not support tools` });
    }
    if (body.think === true && !m.capabilities.includes('thinking')) return send(c.res, 400, { error: `"${name}" does not support thinking` });

    const slot = this.acquire(m, body.options?.num_ctx ?? DEFAULT_NUM_CTX, keepAlive);
    try {
      await slot.ready;
      if (c.closed) return; // aborted while loading: nothing generated, no reply consumed
      const loadNs = ns(performance.now() - t0);
      if (empty) return send(c.res, 200, frame({ done: true, done_reason: 'load' }));
      const path = `/api/${kind}`;
      const reply = this.nextReply(m.name, body, path);
      if (!reply) {
        return send(c.res, 500, { error: `scripted-ollama: script exhausted, no reply left for ${path} with model "${name}"` });
      }
      await this.answer(kind, name, body, reply, c, t0, loadNs);
    } finally {
      this.release(slot);
    }
  }

  private async answer(kind: 'chat' | 'generate', name: string, body: any, r: ScriptedReply, c: Conn, t0: number, loadNs: number) {
    const stream = body.stream !== false; // Ollama streams unless told otherwise
    // Real Ollama gives every tool call an id and an index.
    const toolCalls = r.tool_calls?.map((tc, i) => ({
      id: tc.id ?? `call_${(++this.toolCallSeq).toString(36).padStart(8, '0')}`,
      function: { index: i, ...tc.function },
    }));
    const pieces: Piece[] = [
      ...splitTokens(r.thinking).map((thinking) => ({ thinking })),
      ...(r.chunks ?? splitTokens(r.content)).map((content) => ({ content })),
      ...(toolCalls?.length ? [{ tool_calls: toolCalls }] : []),
    ];
    if (r.error && !r.error.afterChunks) return send(c.res, r.error.status ?? 500, { error: r.error.message });

    const tGen = performance.now();
    for (let i = 0; ; i++) {
      if (c.closed) return;
      if (r.dropAfterChunks === i) { c.dropped = true; c.res.socket?.destroy(); return; }
      if (r.error?.afterChunks === i) {
        if (!stream) return send(c.res, r.error.status ?? 500, { error: r.error.message });
        writeLine(c.res, { error: r.error.message }); // headers are out: Ollama reports it in-band
        return void c.res.end();
      }
      if (i === pieces.length) break;
      if (r.delayMs) await sleep(r.delayMs);
      // Headers go out with the first piece, as in Ollama: until then errors can still be HTTP statuses.
      if (stream && !c.closed) await writeLine(c.res, { model: name, created_at: now(), ...shape(kind, pieces[i]), done: false });
      r.onSent?.(i);
    }
    if (r.hang) return new Promise<void>((resolve) => (c.closed ? resolve() : c.res.once('close', resolve)));

    const evalCount = r.evalCount ?? Math.max(1, pieces.length);
    const promptEvalCount = r.promptEvalCount ?? Math.ceil(JSON.stringify(body.messages ?? body.prompt).length / 4);
    const whole: Piece = stream ? {} : { content: pieces.map((p) => p.content ?? '').join(''), thinking: r.thinking, tool_calls: toolCalls };
    const final = {
      model: name, created_at: now(), ...shape(kind, whole),
      done: true, done_reason: r.doneReason ?? 'stop',
      ...(kind === 'generate' ? { context: [1, 2, 3] } : {}),
      total_duration: ns(performance.now() - t0), load_duration: loadNs,
      prompt_eval_count: promptEvalCount, prompt_eval_duration: promptEvalCount * 50_000,
      eval_count: evalCount, eval_duration: ns(performance.now() - tGen),
    };
    if (!stream) return send(c.res, 200, final);
    writeLine(c.res, final);
    c.res.end();
  }

  private async embed(legacy: boolean, body: any, c: Conn) {
    const t0 = performance.now();
    const m = this.find(body.model);
    if (!m) return send(c.res, 404, { error: `model "${body.model}" not found, try pulling it first` });
    const given = legacy ? body.prompt : body.input;
    const input: unknown[] = typeof given === 'string' ? (given ? [given] : []) : given ?? [];
    if (!Array.isArray(input) || input.some((s) => typeof s !== 'string')) return send(c.res, 400, { error: 'invalid input type' });
    const slot = this.acquire(m, body.options?.num_ctx ?? DEFAULT_NUM_CTX, parseKeepAlive(body.keep_alive));
    try {
      await slot.ready;
      const loadNs = ns(performance.now() - t0);
      const dim = body.dimensions > 0 ? Math.min(body.dimensions, this.embedDim) : this.embedDim;
      const embeddings = (input as string[]).map((t) => embedText(t, dim));
      if (legacy) return send(c.res, 200, { embedding: embeddings[0] ?? [] });
      send(c.res, 200, {
        model: body.model, embeddings, total_duration: ns(performance.now() - t0), load_duration: loadNs,
        prompt_eval_count: (input as string[]).reduce((n, t) => n + splitTokens(t).length, 0),
      });
    } finally {
      this.release(slot);
    }
  }

  private async pull(body: any, c: Conn) {
    const given = body.model ?? body.name;
    if (!given) return send(c.res, 400, { error: 'invalid model name' });
    const m = this.pullable.get(normalizeName(given)) ?? this.models.get(normalizeName(given));
    const stream = body.stream !== false;
    const steps: object[] = [{ status: 'pulling manifest' }];
    if (m) {
      const layer = { status: `pulling ${m.digest.slice(0, 12)}`, digest: `sha256:${m.digest}`, total: m.size };
      steps.push(layer); // the first progress line has no `completed` yet (docs: "may not be included")
      for (let k = 1; k <= 4; k++) steps.push({ ...layer, completed: Math.round((m.size * k) / 4) });
      steps.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' }, { status: 'success' });
    }
    for (const step of steps) {
      await sleep(this.opts.pullStepDelayMs ?? 5);
      if (c.closed) return;
      if (stream) writeLine(c.res, step);
    }
    if (!m) {
      const error = 'pull model manifest: file does not exist';
      if (!stream) return send(c.res, 500, { error });
      writeLine(c.res, { error });
      return void c.res.end();
    }
    this.models.set(m.name, m);
    if (stream) c.res.end();
    else send(c.res, 200, { status: 'success' });
  }
}
