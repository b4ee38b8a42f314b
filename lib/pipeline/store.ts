// Reading pipeline runs for the list and the run page: rows plus what their
// events say (the phase in progress, the report's verdict).
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { App } from '../ports';
import { events, runs, workspaces } from '../db/schema';
import type { StoredRunStatus } from '../runs/events';
import type { PhaseName, Verdict } from './types';

export interface PipelineSummary {
  id: string;
  status: StoredRunStatus;
  title: string;
  workspacePath: string | null;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  /** The phase running or last started. */
  phase: PhaseName | null;
  verdict: Verdict | null;
  headline: string | null;
}

/** The first heading or line of a requirement: the run's name in lists. */
export function titleOf(input: string): string {
  const line = input.split('\n').map((l) => l.replace(/^#+\s*/, '').trim()).find(Boolean) ?? 'Untitled requirement';
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

export function listPipelines(app: App, limit = 100): PipelineSummary[] {
  // Only the head of each document: a list of runs must not read megabytes.
  const rows = app.db
    .select({
      run: { id: runs.id, status: runs.status, createdAt: runs.createdAt, finishedAt: runs.finishedAt, error: runs.error },
      head: sql<string>`substr(${runs.input}, 1, 400)`,
      workspacePath: workspaces.path,
    })
    .from(runs)
    .leftJoin(workspaces, eq(runs.workspaceId, workspaces.id))
    .where(eq(runs.kind, 'pipeline'))
    .orderBy(desc(runs.createdAt))
    .limit(limit)
    .all();
  const ids = rows.map((r) => r.run.id);
  const latest = new Map<string, { phase?: PhaseName; verdict?: Verdict; headline?: string }>();
  if (ids.length) {
    const evs = app.db
      .select({ runId: events.runId, type: events.type, data: events.data })
      .from(events)
      .where(and(inArray(events.runId, ids), inArray(events.type, ['phase_started', 'report'])))
      .orderBy(events.id)
      .all();
    for (const e of evs) {
      const d = JSON.parse(e.data);
      const cur = latest.get(e.runId) ?? {};
      if (e.type === 'phase_started') cur.phase = d.phase;
      else Object.assign(cur, { verdict: d.report.verdict, headline: d.report.headline });
      latest.set(e.runId, cur);
    }
  }
  return rows.map(({ run, head, workspacePath }) => ({
    id: run.id, status: run.status, title: titleOf(head), workspacePath, createdAt: run.createdAt,
    finishedAt: run.finishedAt, error: run.error, phase: latest.get(run.id)?.phase ?? null,
    verdict: latest.get(run.id)?.verdict ?? null, headline: latest.get(run.id)?.headline ?? null,
  }));
}

export function getPipeline(app: App, id: string) {
  const row = app.db
    .select({ run: runs, workspacePath: workspaces.path })
    .from(runs)
    .leftJoin(workspaces, eq(runs.workspaceId, workspaces.id))
    .where(and(eq(runs.id, id), eq(runs.kind, 'pipeline')))
    .get();
  if (!row) return null;
  return { ...row.run, title: titleOf(row.run.input), workspacePath: row.workspacePath, position: app.pipelines.position(id) };
}
