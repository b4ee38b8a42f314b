// The server's long-lived state: one database, one event log, one run
// manager. Kept on globalThis because Next bundles each route separately and
// a module-level singleton would otherwise exist once per route.
import { loadConfig } from './config';
import type { LoadedConfig } from './config/schema';
import { dbFile, openDb, type Db } from './db';
import { pipelineQueue } from './pipeline/queue';
import { EventLog } from './runs/log';
import { RunManager } from './runs/manager';

export interface App {
  dataDir: string;
  db: Db;
  log: EventLog;
  runs: RunManager;
  /** Effective config for a workspace (read fresh so edits apply without a restart). */
  config(workspace?: string | null): LoadedConfig;
  startedAt: number;
}

const KEY = Symbol.for('code-assistant.app');
type G = typeof globalThis & { [KEY]?: App };

export interface CreateAppOptions {
  env?: Record<string, string | undefined>;
  homeDir?: string;
  /**
   * Call start(app) at once: take over the runs a previous process left.
   * Default true (tests that play a restarted server). getApp() passes false:
   * the server calls start() itself, only once it holds the data folder's
   * lock (instrumentation.ts), so a second process never touches live runs.
   */
  recover?: boolean;
}

export function createApp(opts: CreateAppOptions = {}): App {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir;
  const base = loadConfig({ env, homeDir });
  const db = openDb(dbFile(base.dataDir));
  const log = new EventLog(db);
  const runs = new RunManager(db, log);
  const app: App = {
    dataDir: base.dataDir,
    db,
    log,
    runs,
    config: (workspace) => loadConfig({ env, homeDir, workspace: workspace ?? null }),
    startedAt: Date.now(),
  };
  if (opts.recover ?? true) start(app);
  return app;
}

/**
 * Take over what a previous process left behind: chat runs it had running are
 * marked interrupted, pipeline runs resume. Only the holder of the data
 * folder's lock may do this (lib/server/lock.ts).
 */
export function start(app: App): void {
  app.runs.markInterrupted({ except: ['pipeline'] });
  pipelineQueue(app).recover();
}

/** The server's app, created on first use; the server start()s it once it holds the lock. */
export function getApp(): App {
  const g = globalThis as G;
  if (!g[KEY]) g[KEY] = createApp({ recover: false });
  return g[KEY]!;
}
