// Undo a turn: restore every file the run wrote or edited to its content
// before the run (remove files the run created). Files changed since the run
// are conflicts: reported, and only overwritten when the user insists. What a
// revert overwrites is itself kept in the event, so nothing is lost.
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { App } from '../ports';
import { runs, workspaces } from '../db/schema';
import type { FileChange } from './events';

export interface RevertOutcome {
  ok: boolean;
  restored: string[];
  conflicts: string[];
  error?: string;
}

/** First `before` and last `after` of each file the run changed, in order of first change. */
export function netChanges(app: App, runId: string): FileChange[] {
  const byPath = new Map<string, FileChange>();
  for (const e of app.log.replay({ runId })) {
    if (e.type !== 'tool_result' || !e.ok || !e.files) continue;
    for (const f of e.files) {
      const prev = byPath.get(f.path);
      if (prev) prev.after = f.after;
      else byPath.set(f.path, { ...f });
    }
  }
  return [...byPath.values()];
}

function readCurrent(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function revertRun(app: App, runId: string, force = false): RevertOutcome {
  const run = app.db.select().from(runs).where(eq(runs.id, runId)).get();
  if (!run) return { ok: false, restored: [], conflicts: [], error: 'No such run.' };
  if (app.runs.isActive(runId)) return { ok: false, restored: [], conflicts: [], error: 'Stop the reply before reverting it.' };
  const ws = run.workspaceId ? app.db.select().from(workspaces).where(eq(workspaces.id, run.workspaceId)).get() : undefined;
  if (!ws) return { ok: false, restored: [], conflicts: [], error: 'The run has no workspace.' };
  const root = fs.realpathSync(ws.path);
  const changes = netChanges(app, runId);
  const resolve = (rel: string) => {
    const abs = path.resolve(root, rel);
    if (abs !== root && !abs.startsWith(root + path.sep)) throw new Error(`refusing to touch ${rel}: outside the workspace`);
    return abs;
  };
  const conflicts = changes.filter((c) => readCurrent(resolve(c.path)) !== c.after).map((c) => c.path);
  if (conflicts.length && !force) return { ok: false, restored: [], conflicts };

  const overwritten: FileChange[] = [];
  for (const c of changes) {
    const abs = resolve(c.path);
    const now = readCurrent(abs);
    overwritten.push({ path: c.path, before: now, after: c.before, beforeEncoding: 'utf8' });
    if (c.before === null) {
      fs.rmSync(abs, { force: true });
    } else {
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      const data = c.beforeEncoding === 'base64' ? Buffer.from(c.before, 'base64') : c.before;
      const tmp = `${abs}.ca-revert-${process.pid}`;
      fs.writeFileSync(tmp, data);
      fs.renameSync(tmp, abs);
    }
  }
  app.log.append(runId, run.sessionId, { type: 'reverted', files: overwritten, conflicts });
  return { ok: true, restored: changes.map((c) => c.path), conflicts };
}
