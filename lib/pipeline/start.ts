// Starting a pipeline: check the requirement and the workspace, create the
// run (queued) and put it in line. Used by the API and the CLI alike.
import { eq } from 'drizzle-orm';
import type { App } from '../ports';
import { workspaces } from '../db/schema';
import { addWorkspace, getWorkspace } from '../sessions/workspaces';
import { checkRequirementText, checkWritableFolder, createEmptyFolder, type Checked } from './input';

export type WorkspaceChoice = { workspaceId: string } | { path: string } | { newFolder: string };

export class PipelineInputError extends Error {
  readonly status = 400;
}

export function resolveWorkspace(app: App, choice: WorkspaceChoice): Checked<{ id: string; path: string }> {
  let dir: Checked<string>;
  if ('workspaceId' in choice) {
    const ws = getWorkspace(app.db, choice.workspaceId);
    if (!ws) return { ok: false, error: 'No such workspace.' };
    dir = checkWritableFolder(ws.path);
  } else if ('path' in choice) {
    dir = checkWritableFolder(choice.path);
  } else {
    dir = createEmptyFolder(choice.newFolder);
  }
  if (!dir.ok) return dir;
  const existing = app.db.select().from(workspaces).where(eq(workspaces.path, dir.value)).get();
  const ws = existing ?? addWorkspace(app.db, dir.value);
  return { ok: true, value: { id: ws.id, path: ws.path } };
}

/** Validates, creates the queued run and submits it; returns its id. Throws PipelineInputError on bad input. */
export function startPipeline(app: App, requirement: string, choice: WorkspaceChoice): string {
  const req = checkRequirementText(requirement);
  if (!req.ok) throw new PipelineInputError(req.error);
  const ws = resolveWorkspace(app, choice);
  if (!ws.ok) throw new PipelineInputError(ws.error);
  const runId = app.runs.create({ kind: 'pipeline', input: req.value, workspaceId: ws.value.id }, 'queued');
  app.pipelines.submit(runId);
  return runId;
}
