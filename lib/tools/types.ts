// The contract every tool file implements (through defineTool in define.ts).
// The model reads `description` and `parameters`; the agent loop calls `run`
// with arguments parsed by `args` and a context that confines it to the
// workspace and lets it stream output and ask for approval.
import type { z } from 'zod';
import type { ToolOutcome } from '../runs/events';
import type { Config } from '../config/schema';
import type { Db } from '../db';
import type { ChromaService } from '../rag/connect';
import type { SymbolIndexers } from '../symbols/indexers';
import type { McpService } from '../mcp/types';

export interface ToolSettings {
  shellPolicy: 'auto' | 'ask' | 'deny';
  shellDenyPatterns: string[];
  shellTimeoutSeconds: number;
  /** Budget for what the model receives from one tool call, in tokens (~4 chars each). */
  resultTokens: number;
  maxReadBytes: number;
  /** bubblewrap mode for run_shell (shell_sandbox); absent means workspace-write. */
  shellSandbox?: 'workspace-write' | 'read-only' | 'off';
  /** Network inside the sandbox (shell_network, machine-only); absent means none. */
  shellNetwork?: boolean;
  /** Folders a sandboxed command must not see: the data folder and the machine config folder (keys). */
  sandboxHide?: string[];
}

export interface ToolContext {
  /** Real path of the workspace root. */
  workspace: string;
  signal: AbortSignal;
  settings: ToolSettings;
  callId: string;
  /** Stream live output (shell stdout/stderr) to the UI. */
  output?: (stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * Ask the user (policy `ask`, or any command when the sandbox is unavailable);
   * resolves true when approved. `note` says why it asks when that is not the policy.
   */
  approve?: (command: string, note?: string) => Promise<boolean>;
  /** What tools beyond the file system need (symbol index, retrieval, web). */
  env?: ToolEnv;
  /** This run's tools beyond the built-in ones (MCP servers', lib/mcp/offer.ts), looked up by runTool. */
  tools?: ToolBox;
}

/** Tools a run adds to the registry (MCP `server__tool`), by the name the model calls. */
export interface ToolBox {
  get(name: string): Tool<any> | undefined;
  /** Every name the model may call in this run, built-in ones included. */
  names(): string[];
}

export interface ToolEnv {
  config: Config;
  db: Db;
  workspaceId: string;
  dataDir: string;
  /** Folders no file tool may write: the data folder, the machine config folder (privateFolders()). */
  privateDirs?: string[];
  /** The app's symbol indexers (find_symbols) and Chroma (search_code). */
  symbols: SymbolIndexers;
  chroma: ChromaService;
  /** Called after a tool wrote files, so indexes can catch up at once. */
  onFilesChanged?: (paths: string[]) => void;
  /** The app's MCP servers, whose tools a persona may be offered (mcp:NAME in its front matter). */
  mcp?: McpService;
}

export type ToolResult = ToolOutcome;

export interface JsonSchemaObject {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
}

export interface Tool<A = Record<string, unknown>> {
  name: string;
  description: string;
  /** The JSON schema the model reads; defineTool derives it from `args`. */
  parameters: JsonSchemaObject;
  /** Parses the model's arguments for `run`; without it (a JSON-schema-only tool) `parameters` is checked. */
  args?: z.ZodType<A>;
  run(args: A, ctx: ToolContext): Promise<ToolResult>;
}
