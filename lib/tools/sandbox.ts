// The shell sandbox: bubblewrap on Linux, as Codex CLI's Linux sandbox and
// Flatpak use it. The approval policy (who says yes) is separate; this is
// what a command can reach once it runs: the filesystem read-only except the
// workspace and a private /tmp, no network, its own PID namespace, dead when
// the app dies, and the app's own folders (keys, database) not there at all.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineConfigPath, privateFolders, resolveConfigPath } from '../config';
import type { Config } from '../config/schema';

export type SandboxMode = Config['shell_sandbox'];

export const INSTALL_COMMAND = 'sudo apt-get install bubblewrap';

export interface SandboxCheck {
  ok: boolean;
  /** Absolute path of the bwrap found on the PATH, if any. */
  bwrap: string | null;
  /** Why it cannot be used, or what was found. */
  reason: string;
}

export interface SandboxOptions {
  workspace: string;
  mode: Exclude<SandboxMode, 'off'>;
  network: boolean;
  /** Folders the command must not see (made empty). */
  hide: readonly string[];
}

/** The first executable `name` on a PATH string, like `command -v`. */
export function findOnPath(name: string, pathEnv: string): string | null {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue; // a relative entry would resolve against the workspace
    const p = path.join(dir, name);
    try {
      if (fs.statSync(p).isFile()) {
        fs.accessSync(p, fs.constants.X_OK);
        return p;
      }
    } catch {
      /* not here */
    }
  }
  return null;
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** Real paths of the folders to hide that exist and can be hidden without hiding the workspace. */
function foldersToHide(workspace: string, hide: readonly string[]): string[] {
  const out = new Set<string>();
  for (const h of hide) {
    let real: string;
    try {
      real = fs.realpathSync(h);
      if (!fs.statSync(real).isDirectory()) continue;
    } catch {
      continue; // nothing there to read
    }
    // A workspace inside them is refused elsewhere; hiding it would break every command.
    if (inside(workspace, real)) continue;
    // Under /tmp and not in the workspace: the private /tmp already hides it.
    if (inside(real, '/tmp') && !inside(real, workspace)) continue;
    out.add(real);
  }
  return [...out];
}

/**
 * The parts of the workspace's repository that git runs code from: hooks and
 * the config (core.fsmonitor, filter drivers, aliases). Read-only inside the
 * sandbox, so a command can still commit but cannot plant what runs outside
 * it on the user's next `git status`. A missing hooks folder is created
 * (empty, as `git init` makes it) so that it can be bound.
 */
function gitCodePaths(ws: string): string[] {
  const git = path.join(ws, '.git');
  let st: fs.Stats;
  try {
    st = fs.lstatSync(git);
  } catch {
    return [];
  }
  if (!st.isDirectory()) return []; // a worktree's .git file points elsewhere: outside the workspace, read-only already
  const hooks = path.join(git, 'hooks');
  try {
    fs.mkdirSync(hooks, { recursive: true });
  } catch {
    /* not ours to fix: then it is not bound */
  }
  return [hooks, path.join(git, 'config'), path.join(git, 'info')].filter((p) => fs.existsSync(p) && !fs.lstatSync(p).isSymbolicLink());
}

/** bwrap's arguments to run `bash -c command` in the sandbox. */
export function bwrapArgs(o: SandboxOptions, command: string): string[] {
  const ws = o.workspace;
  return [
    '--unshare-all', // user, ipc, pid, net, uts, cgroup
    ...(o.network ? ['--share-net'] : []),
    '--die-with-parent',
    '--new-session', // no TIOCSTI into the app's terminal
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    '--tmpfs', '/tmp',
    // After the tmpfs: the workspace may live under /tmp.
    o.mode === 'read-only' ? '--ro-bind' : '--bind', ws, ws,
    ...foldersToHide(ws, o.hide).flatMap((d) => ['--tmpfs', d]),
    ...gitCodePaths(ws).flatMap((p) => ['--ro-bind', p, p]),
    '--chdir', ws,
    '--', 'bash', '-c', command,
  ];
}

const cache = new Map<string, Promise<SandboxCheck>>();

/**
 * Can bubblewrap run a sandbox with the PATH in effect? Finding bwrap is not
 * enough (some containers forbid user namespaces), so it is tried once with a
 * trivial `true`; the verdict is kept per PATH and bwrap found.
 */
export function checkSandbox(pathEnv: string = process.env.PATH ?? ''): Promise<SandboxCheck> {
  const bwrap = findOnPath('bwrap', pathEnv);
  if (!bwrap) {
    return Promise.resolve({ ok: false, bwrap: null, reason: 'bubblewrap (bwrap) was not found on the PATH' });
  }
  const key = `${pathEnv}\0${bwrap}`;
  let v = cache.get(key);
  if (!v) {
    v = probe(bwrap, pathEnv);
    cache.set(key, v);
  }
  return v;
}

function probe(bwrap: string, pathEnv: string): Promise<SandboxCheck> {
  // The same namespaces and mounts a command gets; "/" as the workspace is bound read-only onto itself.
  const args = bwrapArgs({ workspace: '/', mode: 'read-only', network: false, hide: [] }, 'true');
  return new Promise((resolve) => {
    execFile(bwrap, args, { env: { ...process.env, PATH: pathEnv }, timeout: 10_000 }, (err, _out, stderr) => {
      if (!err) return resolve({ ok: true, bwrap, reason: `bubblewrap works (${bwrap})` });
      const why = String(stderr).trim().split('\n')[0]?.slice(0, 300) || err.message;
      resolve({ ok: false, bwrap, reason: `bubblewrap (${bwrap}) cannot start a sandbox here: ${why}` });
    });
  });
}

/** What the user reads when commands cannot be sandboxed. */
export function unavailableMessage(check: SandboxCheck): string {
  const fix = check.bwrap
    ? 'allow unprivileged user namespaces (e.g. sysctl kernel.unprivileged_userns_clone=1) or run outside this container'
    : `install it: ${INSTALL_COMMAND}`;
  return `The shell sandbox is not available: ${check.reason}. Commands would run not sandboxed, with full access to your files and network, so every command needs approval. To fix it, ${fix}.`;
}

/** The app's own folders a command must not read: data, sessions, feedback, the machine config (keys). */
export function hiddenFolders(c: Pick<Config, 'data_dir' | 'session_dir' | 'feedback_dir'>, homeDir: string = os.homedir()): string[] {
  const loaded = { values: c as Config, homeDir };
  const dataDir = resolveConfigPath(loaded, 'data_dir');
  return [
    ...new Set([
      ...privateFolders({ dataDir, files: { machine: machineConfigPath(homeDir), project: null } }),
      resolveConfigPath(loaded, 'session_dir'),
      resolveConfigPath(loaded, 'feedback_dir'),
    ]),
  ];
}

export interface SandboxStatus {
  mode: SandboxMode;
  network: boolean;
  /** null when the mode is off (nothing to check). */
  available: boolean | null;
  reason: string;
  /** Set when commands fall back to approval. */
  message?: string;
  install?: string;
}

/** For the home page and /api/status. */
export async function sandboxStatus(c: Pick<Config, 'shell_sandbox' | 'shell_network'>): Promise<SandboxStatus> {
  const base = { mode: c.shell_sandbox, network: c.shell_network };
  if (c.shell_sandbox === 'off') {
    return { ...base, available: null, reason: 'shell_sandbox = "off": commands run as plain bash with your permissions' };
  }
  const check = await checkSandbox(process.env.PATH ?? '');
  if (check.ok) return { ...base, available: true, reason: check.reason };
  return { ...base, available: false, reason: check.reason, message: unavailableMessage(check), install: check.bwrap ? undefined : INSTALL_COMMAND };
}
