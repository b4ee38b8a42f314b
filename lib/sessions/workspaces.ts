// Workspaces are folders on the user's disk that the assistant may work in.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { appState, workspaces } from '../db/schema';

export type Workspace = typeof workspaces.$inferSelect;

export function validateWorkspacePath(input: string): { ok: true; path: string } | { ok: false; error: string } {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Enter the path of a project folder.' };
  const expanded = raw === '~' || raw.startsWith('~/') ? path.join(os.homedir(), raw.slice(1)) : raw;
  if (!path.isAbsolute(expanded)) return { ok: false, error: `Use an absolute path (for example ${path.join(os.homedir(), 'projects', 'app')}).` };
  let real: string;
  try {
    real = fs.realpathSync(expanded);
  } catch {
    return { ok: false, error: `${expanded} does not exist. Create the folder first, or pick another.` };
  }
  if (!fs.statSync(real).isDirectory()) return { ok: false, error: `${real} is a file, not a folder.` };
  try {
    fs.accessSync(real, fs.constants.W_OK);
  } catch {
    return { ok: false, error: `${real} is not writable by this server's user.` };
  }
  if (real === '/' || real === os.homedir()) {
    return { ok: false, error: `${real} is too broad for a workspace: pick a project folder inside it.` };
  }
  return { ok: true, path: real };
}

export function addWorkspace(db: Db, realPath: string): Workspace {
  const now = Date.now();
  const existing = db.select().from(workspaces).where(eq(workspaces.path, realPath)).get();
  if (existing) {
    db.update(workspaces).set({ lastUsedAt: now }).where(eq(workspaces.id, existing.id)).run();
    setActiveWorkspace(db, existing.id);
    return { ...existing, lastUsedAt: now };
  }
  const ws = { id: randomUUID(), path: realPath, createdAt: now, lastUsedAt: now };
  db.insert(workspaces).values(ws).run();
  setActiveWorkspace(db, ws.id);
  return ws;
}

export function listWorkspaces(db: Db): Workspace[] {
  return db.select().from(workspaces).orderBy(desc(workspaces.lastUsedAt)).all();
}

export function getWorkspace(db: Db, id: string): Workspace | undefined {
  return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
}

export function setActiveWorkspace(db: Db, id: string): void {
  db.insert(appState).values({ key: 'active_workspace', value: id })
    .onConflictDoUpdate({ target: appState.key, set: { value: id } }).run();
}

export function activeWorkspace(db: Db): Workspace | undefined {
  const row = db.select().from(appState).where(eq(appState.key, 'active_workspace')).get();
  return row ? getWorkspace(db, row.value) : undefined;
}
