import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { getWorkspace } from '@/lib/sessions/workspaces';
import { indexOverview } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The symbol index of a workspace: counts per language, last run, a run in progress. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handle(() => {
    const app = getApp();
    const ws = getWorkspace(app.db, id);
    if (!ws) return fail(`No workspace ${id}.`, 404);
    return json(indexOverview(app, ws));
  });
}
