import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { getPipeline } from '@/lib/pipeline/store';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const p = getPipeline(getApp(), (await params).id);
    return p ? json({ pipeline: p }) : fail('No such pipeline run.', 404);
  });
}
