import { getApp } from '@/lib/app';
import { handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';

export function POST(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    return json({ cancelled: getApp().runs.cancel(id) });
  });
}
