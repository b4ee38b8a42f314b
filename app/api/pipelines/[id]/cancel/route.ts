import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id, 'pipeline');
    return app.pipelines.cancel(run.id) ? json({ cancelled: true }) : fail(`The run is ${run.status}, not running or queued.`, 409);
  });
}
