import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { fail, handle, json } from '@/lib/http/respond';
import { pipelineQueue } from '@/lib/pipeline/queue';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id, 'pipeline');
    return pipelineQueue(app).cancel(run.id) ? json({ cancelled: true }) : fail(`The run is ${run.status}, not running or queued.`, 409);
  });
}
