// A small stand-in for the Anthropic Messages API (POST /v1/messages, non
// streaming) that answers with scripted content blocks, tool_use included.
// Reached through ANTHROPIC_BASE_URL, so the real SDK does the talking.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Block = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown> };

export interface AnthropicReply {
  content: Block[];
  inputTokens?: number;
  outputTokens?: number;
  /** HTTP error status with an Anthropic-shaped error body. */
  error?: { status: number; message: string };
  /** Called as the reply is served (a test's cue to act mid-run, without timing). */
  onServed?: () => void;
}

export const text = (t: string): AnthropicReply => ({ content: [{ type: 'text', text: t }] });
export const toolUse = (name: string, input: Record<string, unknown>, say = ''): AnthropicReply => ({
  content: [...(say ? [{ type: 'text' as const, text: say }] : []), { type: 'tool_use', name, input }],
});

export class ScriptedAnthropic {
  url = '';
  requests: { path: string; headers: http.IncomingHttpHeaders; body: any }[] = [];
  private queue: AnthropicReply[] = [];
  private server = http.createServer((req, res) => this.handle(req, res));
  private nextId = 1;

  script(...replies: AnthropicReply[]): void {
    this.queue.push(...replies);
  }

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  keyOf(h: http.IncomingHttpHeaders): string {
    return String(h['x-api-key'] ?? h.authorization?.replace(/^Bearer /, '') ?? '');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : null;
      this.requests.push({ path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, obj: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${this.nextId}` });
        res.end(JSON.stringify(obj));
      };
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) return send(404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } });
      // SDK 1.x sends the key as a bearer token; older clients used x-api-key.
      if (!this.keyOf(req.headers)) return send(401, { type: 'error', error: { type: 'authentication_error', message: 'an API key is required' } });
      const reply = this.queue.shift() ?? text('Done.');
      if (reply.error) return send(reply.error.status, { type: 'error', error: { type: 'api_error', message: reply.error.message } });
      reply.onServed?.();
      const content = reply.content.map((b) => (b.type === 'tool_use' ? { ...b, id: `toolu_${this.nextId++}` } : b));
      send(200, {
        id: `msg_${this.nextId++}`, type: 'message', role: 'assistant', model: body?.model ?? 'scripted', content,
        stop_reason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn', stop_sequence: null,
        usage: { input_tokens: reply.inputTokens ?? 100, output_tokens: reply.outputTokens ?? 20 },
      });
    });
  }
}
