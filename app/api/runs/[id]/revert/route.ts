import { getApp } from '@/lib/app';
import { body, handle, json } from '@/lib/http/respond';
import { revertRun } from '@/lib/runs/revert';

export const runtime = 'nodejs';

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const { force } = await body<{ force?: boolean }>(req).catch(() => ({ force: false }));
    const outcome = revertRun(getApp(), id, force === true);
    return json(outcome, outcome.ok ? 200 : outcome.conflicts.length ? 409 : 400);
  });
}
