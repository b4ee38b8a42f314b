import { getApp } from '@/lib/app';
import { fail, handle, json } from '@/lib/http/respond';
import { getWorkspace } from '@/lib/sessions/workspaces';
import { sourceSnippet } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** GET ?path=src/state.rs&line=13&end=25: the lines of a symbol, for a search result. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handle(async () => {
    const app = getApp();
    const ws = getWorkspace(app.db, id);
    if (!ws) return fail(`No workspace ${id}.`, 404);
    const q = new URL(req.url).searchParams;
    const line = Number(q.get('line') ?? 1);
    const end = Number(q.get('end') ?? line);
    if (!q.get('path') || !Number.isInteger(line) || line < 1 || !Number.isInteger(end)) return fail('Give path and a line number.');
    return json(await sourceSnippet(ws.path, q.get('path')!, line, end));
  });
}
