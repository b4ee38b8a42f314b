// MCP servers for the tests: the real `@modelcontextprotocol/server-everything`
// from node_modules over stdio, and one the test serves itself over
// Streamable HTTP with the SDK's server side on loopback.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { RunEvent } from '../../lib/runs/events';
import type { TestApp } from '../support/test-app';

export const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

/** [mcp_servers.NAME] for the everything server over stdio, with extra TOML lines. */
export function everything(name: string, extra = ''): string {
  return `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(EVERYTHING)}, "stdio"]\n${extra}\n`;
}

export function writeMachineConfig(home: string, toml: string): void {
  fs.mkdirSync(path.join(home, '.code-assistant'), { recursive: true });
  fs.writeFileSync(path.join(home, '.code-assistant', 'config.toml'), toml);
}

export interface HttpMcp {
  url: string;
  /** Calls per tool name, counted by the server. */
  calls: Map<string, number>;
  /** Authorization headers the server saw. */
  auth: string[];
  close(): Promise<void>;
}

/** A Streamable HTTP MCP server (stateless: a server and transport per request) with the given answers. */
export async function httpMcp(answers: Record<string, (args: { text?: string }) => string>): Promise<HttpMcp> {
  const calls = new Map<string, number>();
  const auth: string[] = [];
  const build = () => {
    const server = new McpServer({ name: 'test-http', version: '1.0.0' });
    for (const [name, answer] of Object.entries(answers)) {
      server.registerTool(name, { description: `Test tool ${name}.`, inputSchema: { text: z.string().optional().describe('Any text.') } }, async (args) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return { content: [{ type: 'text', text: answer(args) }] };
      });
    }
    return server;
  };
  const srv = http.createServer(async (req, res) => {
    if (req.headers.authorization) auth.push(req.headers.authorization);
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    auth,
    close: () => new Promise<void>((r) => {
      srv.closeAllConnections();
      srv.close(() => r());
    }),
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) is gone for our purposes.
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Approves (or denies) every approval the run asks for, until it ends. */
export async function answerApprovals(t: TestApp, runId: string, yes: boolean): Promise<RunEvent[]> {
  const seen = new Set<string>();
  let done = false;
  const finished = t.app.runs.wait(runId).then(() => (done = true));
  while (!done) {
    for (const e of t.events(runId)) {
      if (e.type === 'approval_requested' && !seen.has(e.callId)) {
        seen.add(e.callId);
        t.app.runs.resolveApproval(runId, e.callId, yes);
      }
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  await finished;
  return t.events(runId);
}
