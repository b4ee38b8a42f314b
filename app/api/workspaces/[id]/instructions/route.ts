import { getApp } from '@/lib/app';
import { requireWorkspace } from '@/lib/http/lookup';
import { handle, json } from '@/lib/http/respond';
import { workspaceInstructions } from '@/lib/memory';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The instruction files (AGENTS.md, CLAUDE.md) a turn in this workspace reads, with their bytes and budget. */
export function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const app = getApp();
    return json(await workspaceInstructions(app, requireWorkspace(app, (await params).id)));
  });
}
