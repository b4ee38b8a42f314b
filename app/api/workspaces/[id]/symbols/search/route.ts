import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { getWorkspace } from '@/lib/sessions/workspaces';
import { findSymbols, type MatchMode } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const MODES = new Set(['exact', 'prefix', 'fuzzy', 'smart']);

/** GET ?q=name&match=exact|prefix|fuzzy|smart&kind=&file= */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handle(() => {
    const app = getApp();
    if (!getWorkspace(app.db, id)) return fail(`No workspace ${id}.`, 404);
    const q = new URL(req.url).searchParams;
    const match = q.get('match') || 'smart';
    if (!MODES.has(match)) return fail('match must be exact, prefix, fuzzy or smart.');
    const res = findSymbols(app.db, id, {
      name: q.get('q') ?? undefined,
      match: match as MatchMode | 'smart',
      kind: q.get('kind') || undefined,
      file: q.get('file') || undefined,
      limit: 200,
    });
    return json(res);
  });
}
