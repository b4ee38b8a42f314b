import { z } from 'zod';
import { getApp } from '@/lib/app';
import { startTurn } from '@/lib/agents/chat';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Turn = z.object({ text: z.string(), quick: z.boolean().optional() });

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const app = getApp();
    const limit = app.config().values.max_message_bytes;
    const tooLarge = (n: number) =>
      fail(`The message is ${size(n)}; the limit is ${size(limit)} (max_message_bytes in the machine config). Put large inputs in a file in the workspace and name its path instead.`, 413);
    // JSON escaping can grow text up to 6x (\u0000); anything beyond that is refused before it is read.
    const declared = Number(req.headers.get('content-length') ?? 0);
    if (declared > limit * 6 + 4096) return tooLarge(declared);
    const { text, quick } = await parseJson(req, Turn, { maxBytes: limit * 6 + 4096 });
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > limit) return tooLarge(bytes);
    return json({ runId: startTurn(app, id, text, { quick }) }, 202);
  });
}
