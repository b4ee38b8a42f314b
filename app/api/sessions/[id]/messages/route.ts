import { z } from 'zod';
import { getApp } from '@/lib/app';
import { id as idSchema, parseQuery, queryInt } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { getSession, transcript } from '@/lib/sessions/sessions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MAX_PAGE = 500;
const Params = z.object({ id: idSchema });
const Query = z.object({
  after: queryInt.optional(),
  limit: queryInt.pipe(z.number().min(1, 'must be at least 1').max(MAX_PAGE, `must be at most ${MAX_PAGE}`)).optional(),
});

/** The session's transcript, oldest first; page with `after` (the last id seen) and `limit`. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const p = Params.safeParse(await params);
    if (!p.success) return fail(`The session id ${p.error.issues[0]?.message ?? 'is not valid'}.`);
    const q = parseQuery(req.url, Query);
    const app = getApp();
    if (!getSession(app.db, p.data.id)) return fail('No such session.', 404);
    const limit = q.limit ?? MAX_PAGE;
    const messages = transcript(app.db, p.data.id, { after: q.after, limit: limit + 1 });
    return json({ messages: messages.slice(0, limit), more: messages.length > limit });
  });
}
