// Starting a pipeline: check the requirement and the workspace, create the
// run (queued) and put it in line. Used by the API and the CLI alike.
import type { App } from '../ports';
import { getWorkspace, runWorkspace, type WorkspaceOrigin } from '../sessions/workspaces';
import { checkRequirementText, checkWritableFolder, createEmptyFolder, type Checked } from './input';

export type WorkspaceChoice = { workspaceId: string } | { path: string } | { newFolder: string };

export class PipelineInputError extends Error {
  readonly status = 400;
}

export function resolveWorkspace(app: App, choice: WorkspaceChoice, origin: WorkspaceOrigin = 'pipeline'): Checked<{ id: string; path: string }> {
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
  // A pipeline's folder is not the user's active workspace (only the user's own choice changes that).
  const ws = runWorkspace(app.db, dir.value, origin);
  return { ok: true, value: { id: ws.id, path: ws.path } };
}

/** Validates, creates the queued run and submits it; returns its id. Throws PipelineInputError on bad input. */
export function startPipeline(app: App, requirement: string, choice: WorkspaceChoice, origin: WorkspaceOrigin = 'pipeline'): string {
  const req = checkRequirementText(requirement);
  if (!req.ok) throw new PipelineInputError(req.error);
  const ws = resolveWorkspace(app, choice, origin);
  if (!ws.ok) throw new PipelineInputError(ws.error);
  const runId = app.runs.create({ kind: 'pipeline', input: req.value, workspaceId: ws.value.id }, 'queued');
  app.pipelines.submit(runId);
  return runId;
}
