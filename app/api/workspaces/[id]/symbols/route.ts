import { getApp } from '@/lib/app';
import { requireWorkspace } from '@/lib/http/lookup';
import { handle, json } from '@/lib/http/respond';
import { indexOverview } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The symbol index of a workspace: counts per language, last run, a run in progress. */
export function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    return json(indexOverview(app, requireWorkspace(app, (await params).id)));
  });
}
