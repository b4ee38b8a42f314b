// The model servers and their hosts (state, what each has loaded, the models it serves), probed now.
import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseQuery } from '@/lib/http/parse';
import { handle, json } from '@/lib/http/respond';
import { activeWorkspace } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Query = z.object({ name: z.string().regex(/^[\w-]{1,40}$/, 'expected a provider name').optional() });

export function GET(req: Request) {
  return handle(async () => {
    const { name } = parseQuery(req.url, Query);
    const app = getApp();
    // The active workspace's config: its ca.config may name which provider each persona uses.
    const providers = await app.providers.status(app.config(activeWorkspace(app.db)?.path).values);
    return json({ providers: name ? providers.filter((p) => p.name === name) : providers });
  });
}
