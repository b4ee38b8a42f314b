import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { pipelineQueue } from '@/lib/pipeline/queue';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const ok = pipelineQueue(getApp()).cancel((await params).id);
    return ok ? json({ cancelled: true }) : fail('The run is not running or queued.', 409);
  });
}
