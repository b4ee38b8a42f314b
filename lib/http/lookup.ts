// Ids named in a URL: the thing exists, or the request gets a 404 with a
// message. Shared by the route handlers so each stays a few lines.
import { eq } from 'drizzle-orm';
import type { App } from '../ports';
import { runs } from '../db/schema';
import { getWorkspace, type Workspace } from '../sessions/workspaces';
import { HttpError } from './respond';

export function requireRun(app: App, id: string, kind?: string): typeof runs.$inferSelect {
  const row = app.db.select().from(runs).where(eq(runs.id, id)).get();
  if (!row || (kind && row.kind !== kind)) throw new HttpError(`No such ${kind === 'pipeline' ? 'pipeline run' : 'run'}: ${id.slice(0, 80)}.`, 404);
  return row;
}

export function requireWorkspace(app: App, id: string): Workspace {
  const ws = getWorkspace(app.db, id);
  if (!ws) throw new HttpError(`No such workspace: ${id.slice(0, 80)}. Pick one on the home page.`, 404);
  return ws;
}
