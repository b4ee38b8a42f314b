import { z } from 'zod';
import { getApp } from '@/lib/app';
import { id as idSchema, parseJson, parseQuery, queryInt } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { findSessions, MAX_QUERY_CHARS } from '@/lib/sessions/manage';
import { createSession } from '@/lib/sessions/sessions';
import { getWorkspace } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const List = z.object({
  workspace: idSchema.optional(),
  q: z.string().max(MAX_QUERY_CHARS, `must be at most ${MAX_QUERY_CHARS} characters`).optional(),
  limit: queryInt.pipe(z.number().min(1, 'must be at least 1').max(500, 'must be at most 500')).optional(),
});

/** Sessions newest first; `?workspace=ID` one workspace's, `?q=words` those whose title or requests have every word. */
export function GET(req: Request) {
  return handle(() => {
    const q = parseQuery(req.url, List);
    return json({ sessions: findSessions(getApp().db, { workspaceId: q.workspace, query: q.q, limit: q.limit ?? 500 }) });
  });
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
