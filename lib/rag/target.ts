// The folder or file `/index <path>` names, confined to the workspace like
// every file tool (no `..`, no symlinks out), with "did you mean" when missing.
import fs from 'node:fs';
import path from 'node:path';
import { notFoundMessage, resolveInWorkspace, WorkspaceError } from '../tools/workspace';
import { RagError } from './types';

export async function resolveTarget(workspaceRoot: string, given: string): Promise<{ root: string; rel: string }> {
  let root: string;
  try {
    root = fs.realpathSync(workspaceRoot);
  } catch {
    throw new RagError('bad_path', `The workspace folder ${workspaceRoot} does not exist.`);
  }
  const wanted = given.trim().replace(/\/+$/, '') || '.';
  try {
    const t = await resolveInWorkspace(root, wanted);
    if (!t.exists) throw new RagError('bad_path', await notFoundMessage(root, t.rel, path.extname(t.rel) ? 'file' : 'dir'));
    return { root, rel: t.rel };
  } catch (e) {
    if (e instanceof WorkspaceError) throw new RagError('bad_path', e.message);
    throw e;
  }
}
