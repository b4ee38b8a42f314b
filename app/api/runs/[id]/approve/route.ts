import { getApp } from '@/lib/app';
import { body, fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const { callId, approved } = await body<{ callId?: string; approved?: boolean }>(req);
    if (!callId) return fail('callId is required.');
    const ok = getApp().runs.resolveApproval(id, callId, approved === true);
    return ok ? json({ ok }) : fail('Nothing is waiting for that approval (the run may have ended).', 409);
  });
}
