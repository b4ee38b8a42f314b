// What the sidebar does with sessions: list one workspace's, newest first,
// found by title or by what was asked in them; rename; delete. Deleting
// removes the app's records (messages, runs, their events), never a file in
// the workspace: the work the session did stays on disk.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { events, messages, runs, sessions, workspaces } from '../db/schema';
import type { App } from '../ports';

export const MAX_TITLE_CHARS = 200;
export const MAX_QUERY_CHARS = 200;

export interface SessionQuery {
  workspaceId?: string;
  /** Words to find in the title or in a request of the session (case-insensitive, literal). */
  query?: string;
  limit?: number;
}

export interface SessionRow {
  id: string;
  title: string;
  workspaceId: string;
  workspacePath: string;
  createdAt: number;
  updatedAt: number;
}

/** `%` and `_` are literal in what the user typed. */
const likeArg = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function findSessions(db: Db, q: SessionQuery = {}): SessionRow[] {
  const conds = [];
  if (q.workspaceId) conds.push(eq(sessions.workspaceId, q.workspaceId));
  // Every word must appear, each in the title or in one of the user's requests.
  const words = (q.query ?? '').trim().slice(0, MAX_QUERY_CHARS).split(/\s+/).filter(Boolean).slice(0, 8);
  for (const w of words) {
    const arg = likeArg(w);
    conds.push(sql`(${sessions.title} LIKE ${arg} ESCAPE '\\' OR EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.sessionId} = ${sessions.id} AND ${messages.role} = 'user' AND ${messages.content} LIKE ${arg} ESCAPE '\\'))`);
  }
  return db
    .select({
      id: sessions.id, title: sessions.title, workspaceId: sessions.workspaceId, workspacePath: workspaces.path,
      createdAt: sessions.createdAt, updatedAt: sessions.updatedAt,
    })
    .from(sessions)
    .innerJoin(workspaces, eq(sessions.workspaceId, workspaces.id))
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(sessions.updatedAt), desc(sessions.createdAt))
    .limit(Math.min(Math.max(q.limit ?? 200, 1), 500))
    .all();
}

export class SessionError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** The user's own name for a session; it is kept from then on (a later request does not rename it). */
export function renameSession(db: Db, id: string, title: string): { id: string; title: string } {
  const clean = title.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_CHARS);
  if (!clean) throw new SessionError('Give the session a name.', 400);
  const r = db.update(sessions).set({ title: clean }).where(eq(sessions.id, id)).run();
  if (r.changes === 0) throw new SessionError('No such session.', 404);
  return { id, title: clean };
}

/**
 * Removes a session with its messages, runs and their events. A reply still
 * running is refused (stop it first): its run would go on writing events.
 */
export function deleteSession(app: Pick<App, 'db' | 'runs'>, id: string): { id: string; runs: number; events: number; messages: number } {
  const { db } = app;
  const found = db.select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id)).get();
  if (!found) throw new SessionError('No such session.', 404);
  if (app.runs.activeRunForSession(id)) throw new SessionError('A reply is still running in this session. Stop it first, then delete the session.', 409);
  return db.$client.transaction(() => {
    const runIds = db.select({ id: runs.id }).from(runs).where(eq(runs.sessionId, id)).all().map((r) => r.id);
    let removedEvents = db.delete(events).where(eq(events.sessionId, id)).run().changes;
    // Events are written with the run's session, but a run's own are removed by its id too.
    if (runIds.length) removedEvents += db.delete(events).where(inArray(events.runId, runIds)).run().changes;
    const removedMessages = db.delete(messages).where(eq(messages.sessionId, id)).run().changes;
    const removedRuns = db.delete(runs).where(eq(runs.sessionId, id)).run().changes;
    db.delete(sessions).where(eq(sessions.id, id)).run();
    return { id, runs: removedRuns, events: removedEvents, messages: removedMessages };
  })();
}
