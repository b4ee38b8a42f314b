// One MCP server, through the official SDK: a stdio child (the SDK spawns
// it; we make it the leader of its own process group so that forks it makes
// end with it) or a Streamable HTTP endpoint. Started on first use, marked
// crashed when its transport closes under it, started again on the next use.
import fs from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../config/schema';
import { estimateTokens } from '../llm/budget';
import { flattenResult } from './result';
import type { McpCallResult, McpServerStatus, McpState, McpToolInfo } from './types';

const START_TIMEOUT_MS = 60_000;
/** A hostile server could list any number of tools; the model could never read them all anyway. */
const MAX_TOOLS = 200;
const MAX_PAGES = 20;
const MAX_DESCRIPTION = 1024;
const STDERR_KEEP = 4096;
// util-linux setsid execs the command (same pid) as leader of a new session and process group.
const SETSID = ['/usr/bin/setsid', '/bin/setsid'].find((f) => fs.existsSync(f));

export class McpConnection {
  state: McpState = 'stopped';
  error?: string;
  pid?: number;
  restarts = 0;
  tools?: McpToolInfo[];
  private client?: Client;
  private starting?: Promise<void>;
  private stopping = false;
  private stderr = '';

  constructor(
    readonly name: string,
    readonly config: McpServerConfig,
  ) {}

  status(): McpServerStatus {
    const c = this.config;
    return {
      name: this.name,
      transport: c.url ? 'http' : 'stdio',
      target: c.url ? safeUrl(c.url) : [c.command, ...c.args].join(' '),
      trusted: c.trusted,
      ...(c.tools ? { allow: c.tools } : {}),
      state: this.state,
      ...(this.error ? { error: this.error } : {}),
      ...(this.pid && this.state === 'running' ? { pid: this.pid } : {}),
      restarts: this.restarts,
      ...(this.tools ? { tools: this.tools, schemaTokens: this.tools.reduce((n, t) => n + t.tokens, 0) } : {}),
      ...(this.stderr.trim() ? { stderr: this.stderr.trim() } : {}),
    };
  }

  /** Running, or started now: first use, or the first use after a crash. */
  async ready(signal?: AbortSignal): Promise<McpToolInfo[]> {
    if (this.state !== 'running') {
      this.starting ??= this.start(signal).finally(() => (this.starting = undefined));
      await this.starting;
    }
    if (this.state !== 'running' || !this.tools) throw new Error(`MCP server "${this.name}" is not running: ${this.error ?? this.state}`);
    return this.tools;
  }

  private async start(signal?: AbortSignal): Promise<void> {
    if (this.state === 'crashed') this.restarts++;
    this.state = 'starting';
    this.error = undefined;
    this.stopping = false;
    const client: Client = new Client(
      { name: 'code-assistant', version: '1.0.0' },
      {
        // A server that changes its tools says so: the next run is offered the new list (allow-list applied again).
        listChanged: {
          tools: {
            onChanged: (error) => {
              if (error || this.client !== client) return;
              this.listTools(client).then((t) => (this.tools = t), () => {});
            },
          },
        },
      },
    );
    const transport = this.transport();
    // The server's own close (it crashed or exited) is a crash; ours (stop()) is not.
    client.onclose = () => {
      if (this.client !== client || this.stopping) return;
      this.state = 'crashed';
      this.error = 'the server exited; it is started again on next use';
      this.client = undefined;
      this.killGroup();
    };
    client.onerror = () => {
      /* transport errors surface as failed requests or onclose */
    };
    try {
      await client.connect(transport, { timeout: START_TIMEOUT_MS, signal });
      this.client = client;
      this.pid = transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
      this.tools = await this.listTools(client, signal);
      this.state = 'running';
    } catch (e) {
      this.client = undefined;
      this.stopping = true;
      await client.close().catch(() => {});
      this.killGroup();
      this.state = 'error';
      this.error = `could not start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private transport(): Transport {
    const c = this.config;
    if (c.url) return new StreamableHTTPClientTransport(new URL(c.url), { requestInit: { headers: c.headers } });
    // The SDK passes only a safe default environment (HOME, PATH, ...) plus the configured env: no app secrets.
    const t = new StdioClientTransport({
      command: SETSID ?? c.command!,
      args: SETSID ? [c.command!, ...c.args] : c.args,
      env: c.env,
      stderr: 'pipe',
    });
    t.stderr?.on('data', (b: Buffer) => {
      this.stderr = (this.stderr + b.toString('utf8')).slice(-STDERR_KEEP);
    });
    return t;
  }

  private async listTools(client: Client, signal?: AbortSignal): Promise<McpToolInfo[]> {
    const allow = this.config.tools ? new Set(this.config.tools) : null;
    const out: McpToolInfo[] = [];
    const taken = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await client.listTools(cursor ? { cursor } : undefined, { signal, timeout: START_TIMEOUT_MS });
      for (const t of res.tools) {
        if (out.length >= MAX_TOOLS) break;
        if (typeof t.name !== 'string' || (allow && !allow.has(t.name))) continue;
        const exposed = `${this.name}__${t.name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)}`;
        if (taken.has(exposed)) continue;
        taken.add(exposed);
        const description = String(t.description ?? t.title ?? '').slice(0, MAX_DESCRIPTION);
        const inputSchema = tidySchema(t.inputSchema);
        const tokens = 1 + estimateTokens(JSON.stringify({ type: 'function', function: { name: exposed, description, parameters: inputSchema } }));
        out.push({ name: t.name, exposed, description, inputSchema, tokens });
      }
      cursor = res.nextCursor;
      if (!cursor || out.length >= MAX_TOOLS) break;
    }
    return out;
  }

  async call(tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number }): Promise<McpCallResult> {
    await this.ready(opts.signal);
    const client = this.client!;
    try {
      const res = await client.callTool({ name: tool, arguments: args }, undefined, { signal: opts.signal, timeout: opts.timeoutMs });
      return flattenResult(res);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const gone = this.state === 'crashed' ? ' The server exited during the call; it is started again on the next call.' : '';
      return { ok: false, content: `MCP server "${this.name}" failed on ${tool}: ${msg}.${gone}` };
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.starting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    if (client) {
      const transport = client.transport;
      // A Streamable HTTP session is ended politely (DELETE); stdio: the SDK closes stdin, then signals.
      if (transport instanceof StreamableHTTPClientTransport) await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    }
    this.killGroup();
    this.state = 'stopped';
    this.pid = undefined;
  }

  /** Whatever the server forked ends with it: the whole process group gets SIGKILL. */
  killGroup(): void {
    const pid = this.pid;
    if (!pid) return;
    try {
      process.kill(SETSID ? -pid : pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** The schema as data: an object schema with properties, nothing else trusted. */
function tidySchema(s: unknown): McpToolInfo['inputSchema'] {
  const o = (s && typeof s === 'object' ? s : {}) as Record<string, unknown>;
  const { $schema: _drop, ...rest } = o;
  const properties = rest.properties && typeof rest.properties === 'object' && !Array.isArray(rest.properties) ? (rest.properties as Record<string, unknown>) : {};
  const required = Array.isArray(rest.required) ? rest.required.filter((r): r is string => typeof r === 'string') : undefined;
  return { ...rest, type: 'object', properties, ...(required ? { required } : {}) };
}

/** A URL as shown: no user:password, no query (tokens live there too). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}
