import { getApp } from '@/lib/app';
import { describeConfig } from '@/lib/config';
import { handle, json } from '@/lib/http/respond';
import { activeWorkspace } from '@/lib/sessions/workspaces';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => {
    const app = getApp();
    const ws = activeWorkspace(app.db);
    const loaded = app.config(ws?.path);
    return json({ workspace: ws?.path ?? null, dataDir: app.dataDir, rows: describeConfig(loaded), issues: loaded.issues });
  });
}
