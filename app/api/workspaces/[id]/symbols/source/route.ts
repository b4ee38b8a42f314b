import { z } from 'zod';
import { getApp } from '@/lib/app';
import { requireWorkspace } from '@/lib/http/lookup';
import { parseQuery, queryInt } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';
import { sourceSnippet } from '@/lib/symbols';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Source = z.object({ path: z.string().min(1, 'give a file path').max(4096), line: queryInt.default(1), end: queryInt.optional() });

/** GET ?path=src/state.rs&line=13&end=25: the lines of a symbol, for a search result. */
export function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const ws = requireWorkspace(app, (await params).id);
    const q = parseQuery(req.url, Source);
    if (q.line < 1) return fail('"line": expected a line number from 1.');
    // sourceSnippet confines the path to the workspace; a folder there is an EISDIR, which handle() makes a 400.
    return json(await sourceSnippet(ws.path, q.path, q.line, q.end ?? q.line));
  });
}
