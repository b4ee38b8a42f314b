// Retrieval index of one workspace: GET its status (on/off and why, chunks
// indexed, a run in progress), POST {path} to embed part of it as a run of
// kind 'index' whose `progress` events GET /api/runs/:id/events streams.
import { getApp } from '@/lib/app';
import { z } from 'zod';
import { requireWorkspace } from '@/lib/http/lookup';
import { parseJson } from '@/lib/http/parse';
import { handle, json } from '@/lib/http/respond';
import { isIndexing, ragStatus, startEmbedRun } from '@/lib/rag';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

const Index = z.object({ path: z.string().max(4096).default('.') });

export function GET(_req: Request, { params }: Ctx) {
  return handle(async () => {
    const app = getApp();
    const ws = requireWorkspace(app, (await params).id);
    const status = await ragStatus({ config: app.config(ws.path).values, dataDir: app.dataDir, workspaceId: ws.id, chroma: app.chroma });
    return json({ ...status, runId: app.indexRuns.active('embeddings', ws.id) });
  });
}

export function POST(req: Request, { params }: Ctx) {
  return handle(async () => {
    const app = getApp();
    const ws = requireWorkspace(app, (await params).id);
    const { path } = await parseJson(req, Index);
    const target = path.trim() || '.';
    const config = app.config(ws.path).values;
    if (isIndexing({ config, dataDir: app.dataDir, workspaceId: ws.id, chroma: app.chroma })) {
      return json({ error: 'This workspace is being indexed already.', runId: app.indexRuns.active('embeddings', ws.id) }, 409);
    }
    return json({ runId: startEmbedRun(app, { workspace: ws, path: target }) }, 202);
  });
}
