import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { activeWorkspace, addWorkspace, listWorkspaces, validateWorkspacePath, workspaceGuard } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => {
    const app = getApp();
    return json({ workspaces: listWorkspaces(app.db), active: activeWorkspace(app.db)?.id ?? null });
  });
}

const Add = z.object({ path: z.string().max(4096) });

export function POST(req: Request) {
  return handle(async () => {
    const { path } = await parseJson(req, Add);
    const app = getApp();
    const v = validateWorkspacePath(path, workspaceGuard(app));
    if (!v.ok) return fail(v.error);
    return json({ workspace: addWorkspace(app.db, v.path) }, 201);
  });
}
