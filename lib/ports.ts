// The app object as the engine sees it: the long-lived state of one server
// process, each part a narrow interface. Built in one place (lib/app.ts,
// createApp) and handed down; engine modules import this type, never
// lib/app.ts, so the wiring has no import cycles.
import type { LoadedConfig } from './config/schema';
import type { Db } from './db';
import type { BenchOptions } from './bench/types';
import type { ModelHosts } from './llm/arbiter';
import type { Providers } from './llm/providers';
import type { McpService } from './mcp/types';
import type { ChromaService } from './rag/connect';
import type { IndexRuns } from './runs/index-runs';
import type { EventLog } from './runs/log';
import type { RunManager } from './runs/manager';
import type { SymbolIndexers } from './symbols/indexers';

/** The pipeline queue (lib/pipeline/queue.ts): one pipeline uses the models at a time. */
export interface Pipelines {
  /** Pauses before retrying a phase while Ollama is away (tests shorten them). */
  retryDelaysMs: number[];
  submit(runId: string): void;
  cancel(runId: string): boolean;
  resume(runId: string): { ok: true } | { ok: false; error: string };
  /** Continue the runs a stopped server left running or queued. */
  recover(): number;
  /** 0 running, N waiting in line, -1 not in line. */
  position(runId: string): number;
  settled(runId: string): Promise<void>;
}

/** The benchmark started from the dashboard (lib/bench/active.ts): one at a time. */
export interface Benchmarks {
  active(): { id: string; message: string } | null;
  /** Null when one is already running. */
  start(opts: BenchOptions): string | null;
  cancel(id: string): boolean;
}

export interface App {
  dataDir: string;
  db: Db;
  log: EventLog;
  runs: RunManager;
  /** Effective config for a workspace (read fresh so edits apply without a restart). */
  config(workspace?: string | null): LoadedConfig;
  startedAt: number;
  pipelines: Pipelines;
  /** Which chat models are resident on each Ollama host, for chat, pipelines and benchmarks alike. */
  models: ModelHosts;
  /** Model servers (ollama_host and [providers.NAME]): hosts, health, and each persona's route. */
  providers: Providers;
  /** MCP servers ([mcp_servers.NAME], lib/mcp): started on first use, stopped by close(). */
  mcp: McpService;
  /** The symbol index's per-workspace indexers and parse workers. */
  symbols: SymbolIndexers;
  /** Chroma: the managed server, clients and index locks. */
  chroma: ChromaService;
  /** Index runs (symbols, embeddings) in progress per workspace. */
  indexRuns: IndexRuns;
  benchmarks: Benchmarks;
  /** Stop what the app started (runs, Chroma, parse workers) and close the database. */
  close(): Promise<void>;
}
