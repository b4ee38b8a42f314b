import { getApp } from '@/lib/app';
import { parseLastEventId, sseResponse } from '@/lib/runs/sse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return sseResponse(getApp().log, { sessionId: id }, parseLastEventId(req), req.signal);
}
