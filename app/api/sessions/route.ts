import { getApp } from '@/lib/app';
import { body, fail, handle, json } from '@/lib/http/respond';
import { createSession, listSessions } from '@/lib/sessions/sessions';
import { getWorkspace, setActiveWorkspace } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => json({ sessions: listSessions(getApp().db) }));
}

export function POST(req: Request) {
  return handle(async () => {
    const { workspaceId } = await body<{ workspaceId?: string }>(req);
    const app = getApp();
    const ws = workspaceId ? getWorkspace(app.db, workspaceId) : undefined;
    if (!ws) return fail('Pick a workspace folder first.');
    setActiveWorkspace(app.db, ws.id);
    return json({ session: createSession(app.db, ws.id) }, 201);
  });
}
