import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { createSession, listSessions } from '@/lib/sessions/sessions';
import { getWorkspace } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => json({ sessions: listSessions(getApp().db) }));
}

const Create = z.object({ workspaceId: z.string().max(200).optional() });

export function POST(req: Request) {
  return handle(async () => {
    const { workspaceId } = await parseJson(req, Create);
    if (!workspaceId) return fail('Pick a workspace folder first.');
    const app = getApp();
    const ws = getWorkspace(app.db, workspaceId);
    if (!ws) return fail(`No such workspace: ${workspaceId.slice(0, 80)}. Pick a workspace folder first.`, 404);
    return json({ session: createSession(app.db, ws.id) }, 201);
  });
}
