import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { pipelineQueue } from '@/lib/pipeline/queue';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const r = pipelineQueue(getApp()).resume((await params).id);
    return r.ok ? json({ resumed: true }, 202) : fail(r.error, 409);
  });
}
