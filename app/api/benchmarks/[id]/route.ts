import { getApp } from '@/lib/app';
import { loadResult } from '@/lib/bench/store';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const r = loadResult(getApp().dataDir, (await params).id);
    return r ? json({ result: r }) : fail('No such benchmark.', 404);
  });
}

/** Cancels a running benchmark: the current sample is kept as cancelled, excluded from pass@k. */
export function DELETE(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => (getApp().benchmarks.cancel((await params).id) ? json({ cancelled: true }) : fail('That benchmark is not running.', 404)));
}
