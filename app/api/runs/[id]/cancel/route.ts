import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id);
    return json({ cancelled: app.runs.cancel(run.id) });
  });
}
