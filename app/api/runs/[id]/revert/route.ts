import { z } from 'zod';
import { getApp } from '@/lib/app';
import { requireRun } from '@/lib/http/lookup';
import { parseJson } from '@/lib/http/parse';
import { handle, json } from '@/lib/http/respond';
import { revertRun } from '@/lib/runs/revert';

export const runtime = 'nodejs';

const Revert = z.object({ force: z.boolean().default(false) });

export function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    const run = requireRun(app, (await params).id);
    const { force } = await parseJson(req, Revert);
    const outcome = revertRun(app, run.id, force);
    return json(outcome, outcome.ok ? 200 : outcome.conflicts.length ? 409 : 400);
  });
}
