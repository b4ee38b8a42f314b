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
   * Take over runs a previous process left behind: chat runs are marked
   * interrupted, pipeline runs resume. Default true (the server). The CLI
   * passes false: a server may be running those runs right now.
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
  const recover = opts.recover ?? true;
  if (recover) runs.markInterrupted({ except: ['pipeline'] });
  const app: App = {
    dataDir: base.dataDir,
    db,
    log,
    runs,
    config: (workspace) => loadConfig({ env, homeDir, workspace: workspace ?? null }),
    startedAt: Date.now(),
  };
  if (recover) pipelineQueue(app).recover();
  return app;
}

export function getApp(): App {
  const g = globalThis as G;
  if (!g[KEY]) g[KEY] = createApp();
  return g[KEY]!;
}
