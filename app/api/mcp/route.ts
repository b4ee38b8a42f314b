// MCP servers for the settings page: their state and tools (GET starts
// nothing), and Start / Restart (POST), which is a first use.
import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseJson } from '@/lib/http/parse';
import { handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Action = z.object({
  server: z.string().max(64),
  action: z.enum(['start', 'restart']),
});

function body() {
  const app = getApp();
  const c = app.config().values;
  return { servers: app.mcp.status(), share: c.mcp_schema_share, defaultNumCtx: c.default_num_ctx };
}

export function GET() {
  return handle(() => json(body()));
}

export function POST(req: Request) {
  return handle(async () => {
    const { server, action } = await parseJson(req, Action);
    const app = getApp();
    if (!app.mcp.names().includes(server)) return json({ error: `No MCP server "${server}" is configured.` }, 404);
    // A server that fails to start says why in its status; that is the answer, not an HTTP error.
    if (action === 'restart') await app.mcp.restart(server);
    else await app.mcp.tools(server).catch(() => {});
    return json(body());
  });
}
