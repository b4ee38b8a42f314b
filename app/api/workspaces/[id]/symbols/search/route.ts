import { z } from 'zod';
import { getApp } from '@/lib/app';
import { requireWorkspace } from '@/lib/http/lookup';
import { parseQuery } from '@/lib/http/parse';
import { handle, json } from '@/lib/http/respond';
import { findSymbols } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Search = z.object({
  q: z.string().max(500).optional(),
  match: z.enum(['exact', 'prefix', 'fuzzy', 'smart']).default('smart'),
  kind: z.string().max(100).optional(),
  file: z.string().max(4096).optional(),
});

/** GET ?q=name&match=exact|prefix|fuzzy|smart&kind=&file= */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const ws = requireWorkspace(app, (await params).id);
    const q = parseQuery(req.url, Search);
    return json(findSymbols(app.db, ws.id, { name: q.q, match: q.match, kind: q.kind || undefined, file: q.file || undefined, limit: 200 }));
  });
}
