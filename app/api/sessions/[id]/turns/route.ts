import { getApp } from '@/lib/app';
import { startTurn } from '@/lib/agents/chat';
import { body, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const { text, quick } = await body<{ text?: string; quick?: boolean }>(req);
    return json({ runId: startTurn(getApp(), id, text ?? '', { quick }) }, 202);
  });
}
