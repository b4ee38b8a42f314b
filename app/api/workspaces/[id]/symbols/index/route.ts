import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { getWorkspace } from '@/lib/sessions/workspaces';
import { startIndexRun } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Start (or join) indexing as a run; progress streams over /api/runs/:runId/events. */
export async function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handle(() => {
    const app = getApp();
    const ws = getWorkspace(app.db, id);
    if (!ws) return fail(`No workspace ${id}.`, 404);
    return json({ runId: startIndexRun(app, ws) }, 202);
  });
}
