import { getApp } from '@/lib/app';
import { requireWorkspace } from '@/lib/http/lookup';
import { handle, json } from '@/lib/http/respond';
import { startSymbolIndexRun } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Start (or join) indexing as a run; progress streams over /api/runs/:runId/events. */
export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const ws = requireWorkspace(app, (await params).id);
    return json({ runId: startSymbolIndexRun(app, ws) }, 202);
  });
}
