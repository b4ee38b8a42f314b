// Workspaces are folders on the user's disk that the assistant may work in.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { appState, workspaces } from '../db/schema';

export type Workspace = typeof workspaces.$inferSelect;

/** Where the app keeps its own state, which a workspace must neither be nor contain. */
export interface WorkspaceGuard {
  /** The data folder (database, indexes, run logs). */
  dataDir: string;
  /** The home folder: `~` expands to it, and `~/.code-assistant` holds the machine config. */
  homeDir: string;
}

/** The guard for the running app: its data folder and the home its config was read from. */
export function workspaceGuard(app: { dataDir: string; config(): { homeDir: string } }): WorkspaceGuard {
  return { dataDir: app.dataDir, homeDir: app.config().homeDir };
}

// System folders: the model would be writing into the OS. Their subfolders
// too (/etc/nginx is still /etc), except the few places people keep projects.
const SYSTEM_DIRS = ['/etc', '/proc', '/sys', '/dev', '/boot', '/usr', '/bin', '/sbin', '/var', '/run'];
const SYSTEM_OK = ['/usr/local/src', '/var/tmp', '/var/www'];
// Shared by everyone (or everything): a project goes inside, not here.
const TOO_BROAD = ['/', '/tmp', '/var/tmp', '/home', '/usr/local/src', '/var/www', '/mnt', '/media', '/opt', '/srv'];

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

function real(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/**
 * Why an absolute, resolved path may not be a workspace, or null. Works for a
 * folder that does not exist yet (a pipeline's new folder).
 */
export function refusedLocation(abs: string, guard: WorkspaceGuard): string | null {
  const p = path.resolve(abs);
  if (TOO_BROAD.includes(p) || p === real(guard.homeDir)) return `${p} is too broad for a workspace: pick a project folder inside it.`;
  const top = `/${p.split('/')[1] ?? ''}`;
  const system = SYSTEM_DIRS.find((d) => inside(p, d)) ?? (/^\/lib[^/]*$/.test(top) ? top : undefined);
  if (system && !SYSTEM_OK.some((ok) => inside(p, ok))) {
    return `${p} is inside the system folder ${system}: the assistant writes files and runs commands in its workspace, so pick a project folder of your own (e.g. ${path.join(guard.homeDir, 'projects', 'app')}).`;
  }
  const own = [
    { dir: real(guard.dataDir), what: 'the app\'s data folder' },
    { dir: real(path.join(guard.homeDir, '.code-assistant')), what: 'the machine config folder' },
  ];
  for (const { dir, what } of own) {
    if (inside(p, dir)) return `${p} is inside ${what} (${dir}): a model working there could rewrite the app's own state or config. Pick a project folder elsewhere.`;
    if (inside(dir, p)) return `${p} contains ${what} (${dir}): a model working there could rewrite the app's own state or config. Pick a project folder that does not contain it.`;
  }
  return null;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * For a folder that may not exist yet (a pipeline's new folder): control
 * characters and refused locations, judged on its parent's real path.
 */
export function refusedNewFolder(input: string, guard: WorkspaceGuard): string | null {
  if (CONTROL.test(input.trim())) return 'The path contains a control character (a newline or tab inside it): type the folder\'s path on one line.';
  const raw = input.trim();
  const expanded = raw === '~' || raw.startsWith('~/') ? path.join(guard.homeDir, raw.slice(1)) : raw;
  if (!path.isAbsolute(expanded)) return null; // the caller says "use an absolute path"
  const abs = path.resolve(expanded);
  return refusedLocation(abs, guard) ?? refusedLocation(path.join(real(path.dirname(abs)), path.basename(abs)), guard);
}

/** `~`, `~/x` and absolute paths; control characters (a newline in a path) are refused. */
export function validateWorkspacePath(input: string, guard: WorkspaceGuard): { ok: true; path: string } | { ok: false; error: string } {
  if (CONTROL.test(input.replace(/^\s+|\s+$/g, ''))) return { ok: false, error: 'The path contains a control character (a newline or tab inside it): type the folder\'s path on one line.' };
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Enter the path of a project folder.' };
  const expanded = raw === '~' || raw.startsWith('~/') ? path.join(guard.homeDir, raw.slice(1)) : raw;
  if (!path.isAbsolute(expanded)) return { ok: false, error: `Use an absolute path (for example ${path.join(guard.homeDir, 'projects', 'app')}).` };
  const before = refusedLocation(expanded, guard); // before touching the disk: /proc/... is refused unread
  if (before) return { ok: false, error: before };
  let resolved: string;
  try {
    resolved = fs.realpathSync(expanded);
  } catch {
    return { ok: false, error: `${expanded} does not exist. Create the folder first, or pick another.` };
  }
  if (!fs.statSync(resolved).isDirectory()) return { ok: false, error: `${resolved} is a file, not a folder.` };
  const after = refusedLocation(resolved, guard); // a symlink may point into a system folder
  if (after) return { ok: false, error: after };
  try {
    fs.accessSync(resolved, fs.constants.W_OK);
  } catch {
    return { ok: false, error: `${resolved} is not writable by this server's user.` };
  }
  return { ok: true, path: resolved };
}

/**
 * The user opened this folder: it becomes the active workspace and heads the
 * recent list. The only way the active workspace changes.
 */
export function addWorkspace(db: Db, realPath: string): Workspace {
  const now = Date.now();
  const existing = db.select().from(workspaces).where(eq(workspaces.path, realPath)).get();
  if (existing) {
    db.update(workspaces).set({ lastUsedAt: now, origin: 'user' }).where(eq(workspaces.id, existing.id)).run();
    setActiveWorkspace(db, existing.id);
    return { ...existing, lastUsedAt: now, origin: 'user' };
  }
  const ws = { id: randomUUID(), path: realPath, createdAt: now, lastUsedAt: now, origin: 'user' };
  db.insert(workspaces).values(ws).run();
  setActiveWorkspace(db, ws.id);
  return ws;
}

export type WorkspaceOrigin = 'pipeline' | 'bench';

/**
 * A run's folder (a pipeline's, a benchmark sample's): recorded so the run can
 * name it, but neither made active nor listed as recent. A folder the user
 * opened keeps its place.
 */
export function runWorkspace(db: Db, realPath: string, origin: WorkspaceOrigin): Workspace {
  const existing = db.select().from(workspaces).where(eq(workspaces.path, realPath)).get();
  if (existing) return existing;
  const now = Date.now();
  const ws = { id: randomUUID(), path: realPath, createdAt: now, lastUsedAt: now, origin };
  db.insert(workspaces).values(ws).run();
  return ws;
}

/** The folders the user opened, most recent first. */
export function listWorkspaces(db: Db): Workspace[] {
  return db.select().from(workspaces).where(eq(workspaces.origin, 'user')).orderBy(desc(workspaces.lastUsedAt)).all();
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
