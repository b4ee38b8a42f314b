// The composition root: the one place the app object is built. createApp
// only builds state (nothing runs, nothing is taken over); start(app) is
// called by whoever owns the data folder's lock (instrumentation.ts for the
// server, the CLI in-process) to take over what a previous process left.
import { loadConfig } from './config';
import { dbFile, openDb } from './db';
import { BenchmarkSlot } from './bench/active';
import { ModelHosts } from './llm/arbiter';
import { Providers } from './llm/providers';
import { McpManager } from './mcp/manager';
import { PipelineQueue } from './pipeline/queue';
import type { App } from './ports';
import { ChromaService } from './rag/connect';
import { IndexRuns } from './runs/index-runs';
import { EventLog } from './runs/log';
import { RunManager } from './runs/manager';
import { SymbolIndexers } from './symbols/indexers';

export type { App } from './ports';

export interface CreateAppOptions {
  env?: Record<string, string | undefined>;
  homeDir?: string;
}

export function createApp(opts: CreateAppOptions = {}): App {
  const env = opts.env ?? process.env;
  const homeDir = opts.homeDir;
  const config = (workspace?: string | null) => loadConfig({ env, homeDir, workspace: workspace ?? null });
  const base = config();
  const db = openDb(dbFile(base.dataDir));
  const log = new EventLog(db);
  const runs = new RunManager(db, log);
  const app = {
    dataDir: base.dataDir,
    db,
    log,
    runs,
    config,
    startedAt: Date.now(),
    // Residency is the machine's: read from the machine layer, not a workspace's.
    models: new ModelHosts(() => {
      const c = config().values;
      return { max: c.max_resident_models, keep: [c.embedding_model] };
    }),
    symbols: new SymbolIndexers(),
    chroma: new ChromaService(),
    indexRuns: new IndexRuns(runs),
  } as App;
  // MCP servers are machine configuration: read from the machine layer, fresh on each use.
  app.mcp = new McpManager(() => config().values.mcp_servers);
  app.providers = new Providers(app.models);
  app.pipelines = new PipelineQueue(app);
  app.benchmarks = new BenchmarkSlot(app);
  app.close = async () => {
    await runs.shutdown();
    await Promise.all([app.chroma.close(), app.symbols.close(), app.mcp.close()]);
    db.$client.close();
  };
  return app;
}

/**
 * Take over what a previous process left behind: chat runs it had running are
 * marked interrupted, pipeline runs resume. Only the holder of the data
 * folder's lock may do this (lib/server/lock.ts).
 */
export function start(app: App): void {
  app.runs.markInterrupted({ except: ['pipeline'] });
  app.pipelines.recover();
}

const KEY = Symbol.for('code-assistant.app');
type G = typeof globalThis & { [KEY]?: App };

/**
 * The server's app, created on first use. On globalThis because Next bundles
 * each route separately: a module-level value would exist once per route.
 * The server start()s it once it holds the lock (instrumentation.ts).
 */
export function getApp(): App {
  const g = globalThis as G;
  if (!g[KEY]) g[KEY] = createApp();
  return g[KEY]!;
}
