import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id, 'pipeline');
    const r = app.pipelines.resume(run.id);
    return r.ok ? json({ resumed: true }, 202) : fail(r.error, 409);
  });
}
