import { z } from 'zod';
import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

const Approval = z.object({ callId: z.string().min(1).max(200), approved: z.boolean() });

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id);
    const { callId, approved } = await parseJson(req, Approval);
    const ok = app.runs.resolveApproval(run.id, callId, approved);
    return ok ? json({ ok }) : fail('Nothing is waiting for that approval (the run may have ended).', 409);
  });
}
