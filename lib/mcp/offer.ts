// The tools one agent run offers the model: the persona's built-in tools and
// the MCP tools its front matter names (`mcp:*` every configured server,
// `mcp:fs` one server, `mcp:fs__read_text_file` one tool). Schemas cost
// context: a server whose allowed schemas would take more than
// mcp_schema_share of num_ctx is offered by name only, through
// mcp_list_tools(server), which adds that server's schemas to the run.
import { z } from 'zod';
import { defineTool, expectedShape } from '../tools/define';
import { getTool, toolSchemas, type OllamaToolSchema } from '../tools';
import type { Tool, ToolBox } from '../tools/types';
import type { EventBody } from '../runs/events';
import { mcpTool } from './tool';
import type { McpService } from './types';

export const LIST_TOOLS = 'mcp_list_tools';

export interface OfferOptions {
  mcp?: McpService;
  numCtx: number;
  /** mcp_schema_share. */
  share?: number;
  signal?: AbortSignal;
  emit?: (e: EventBody) => unknown;
  /** A server not ready after this long (first use, `npx -y` downloading) is announced while the turn waits. */
  slowStartMs?: number;
}

/** What one server costs this run, for the event and the settings page. */
export interface OfferedServer {
  server: string;
  tools: number;
  tokens: number;
  mode: 'schemas' | 'by_name';
}

export class RunTools implements ToolBox {
  /** The schemas sent: the loop's ToolProtocol holds this same array, so a revealed server's join the next request. */
  readonly schemas: OllamaToolSchema[];
  readonly offered: OfferedServer[] = [];
  private readonly builtin: string[];
  private readonly extra = new Map<string, Tool<any>>();
  private readonly hidden = new Map<string, Tool<any>[]>();

  constructor(builtin: string[]) {
    this.builtin = builtin.filter((n) => getTool(n));
    this.schemas = toolSchemas(this.builtin);
  }

  get(name: string): Tool<any> | undefined {
    return this.extra.get(name);
  }

  names(): string[] {
    return [...this.builtin, ...this.extra.keys()];
  }

  /** Offered with its schema. */
  add(tool: Tool<any>): void {
    this.extra.set(tool.name, tool);
    if (!this.schemas.some((s) => s.function.name === tool.name)) this.schemas.push(schemaOf(tool));
  }

  /** Callable, but its schema is sent only once mcp_list_tools(server) asked for it. */
  hide(server: string, tools: Tool<any>[]): void {
    this.hidden.set(server, tools);
    for (const t of tools) this.extra.set(t.name, t);
  }

  /** mcp_list_tools: the server's schemas join the run; the answer lists them compactly. */
  reveal(server: string): string | null {
    const tools = this.hidden.get(server);
    if (!tools) return null;
    for (const t of tools) if (!this.schemas.some((s) => s.function.name === t.name)) this.schemas.push(schemaOf(t));
    return tools.map((t) => `- ${t.name} ${expectedShape(t)}: ${t.description.split('\n')[0].slice(0, 200)}`).join('\n');
  }

  hiddenServers(): string[] {
    return [...this.hidden.keys()];
  }
}

const schemaOf = (t: Tool<any>): OllamaToolSchema => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } });

/** Resolves a persona's tool names for one run. Never throws: a server that cannot start is a warning. */
export async function offerTools(names: readonly string[], o: OfferOptions): Promise<RunTools> {
  const box = new RunTools(names.filter((n) => !n.startsWith('mcp:')));
  const specs = names.filter((n) => n.startsWith('mcp:')).map((n) => n.slice(4));
  if (!specs.length || !o.mcp) return box;
  const configured = o.mcp.names();
  // server -> null (all its allowed tools) or the exposed names asked for.
  const wanted = new Map<string, Set<string> | null>();
  for (const spec of specs) {
    const servers = spec === '*' ? configured : [spec.split('__')[0]];
    for (const server of servers) {
      if (!configured.includes(server)) continue;
      if (spec === '*' || spec === server) wanted.set(server, null);
      else if (wanted.get(server) !== null) wanted.set(server, new Set([...(wanted.get(server) ?? []), spec]));
    }
  }
  const budget = Math.floor(o.numCtx * (o.share ?? 0.15));
  for (const [server, only] of wanted) {
    let infos;
    const label = `Starting MCP server "${server}"`;
    let announced = false;
    const slow = setTimeout(() => {
      announced = true;
      o.emit?.({ type: 'progress', label, done: 0, total: 1 });
    }, o.slowStartMs ?? 1000);
    try {
      infos = await o.mcp.tools(server, o.signal);
      if (announced) o.emit?.({ type: 'progress', label, done: 1, total: 1 });
    } catch (e) {
      o.emit?.({ type: 'warning', code: 'mcp_unavailable', message: `MCP server "${server}" is not available, its tools are left out: ${(e as Error).message}` });
      continue;
    } finally {
      clearTimeout(slow);
    }
    const tools = infos.filter((i) => !only || only.has(i.exposed)).map((i) => mcpTool(o.mcp!, server, i));
    if (!tools.length) continue;
    const tokens = infos.filter((i) => !only || only.has(i.exposed)).reduce((n, i) => n + i.tokens, 0);
    if (tokens > budget) {
      box.hide(server, tools);
      box.offered.push({ server, tools: tools.length, tokens, mode: 'by_name' });
    } else {
      tools.forEach((t) => box.add(t));
      box.offered.push({ server, tools: tools.length, tokens, mode: 'schemas' });
    }
  }
  const byName = box.hiddenServers();
  if (byName.length) box.add(listTool(box, byName));
  if (box.offered.length) {
    const shown = box.offered.map((s) => ({
      path: `mcp:${s.server}`,
      title: s.mode === 'schemas' ? `${s.tools} tools, schemas ~${s.tokens} tokens` : `${s.tools} tools by name (schemas ~${s.tokens} tokens > ${Math.round((o.share ?? 0.15) * 100)}% of num_ctx ${o.numCtx}): ${LIST_TOOLS}`,
    }));
    const tokens = box.offered.filter((s) => s.mode === 'schemas').reduce((n, s) => n + s.tokens, 0);
    o.emit?.({ type: 'context_used', source: 'mcp', items: shown, tokens });
  }
  return box;
}

function listTool(box: RunTools, servers: string[]): Tool<any> {
  return defineTool({
    name: LIST_TOOLS,
    description:
      `List the tools of an MCP server whose tools are too many to describe up front (${servers.join(', ')}); ` +
      `afterwards they can be called as server__tool. Example: {"server": "${servers[0]}"}.`,
    args: z.object({ server: z.enum(servers as [string, ...string[]]).describe('The MCP server whose tools to list.') }),
    async run(args) {
      const list = box.reveal(args.server);
      if (list === null) return { ok: false, content: `No MCP server "${args.server}" waits to be listed; servers: ${servers.join(', ')}.` };
      return { ok: true, content: `Tools of MCP server "${args.server}", callable now (their full schemas are in your tools):\n${list}` };
    },
  });
}
