import { getApp } from '@/lib/app';
import { body, fail, handle, json } from '@/lib/http/respond';
import { activeWorkspace, addWorkspace, listWorkspaces, validateWorkspacePath } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => {
    const app = getApp();
    return json({ workspaces: listWorkspaces(app.db), active: activeWorkspace(app.db)?.id ?? null });
  });
}

export function POST(req: Request) {
  return handle(async () => {
    const { path } = await body<{ path?: string }>(req);
    const v = validateWorkspacePath(path ?? '');
    if (!v.ok) return fail(v.error);
    return json({ workspace: addWorkspace(getApp().db, v.path) }, 201);
  });
}
