// What the rest of the engine sees of the MCP servers (lib/mcp/manager.ts):
// their state for the settings page, their tools for the registry, and a
// call. A leaf module (types only), so lib/tools and lib/ports can name it
// without an import cycle.

export type McpState = 'stopped' | 'starting' | 'running' | 'crashed' | 'error';

/** One tool as a server listed it, after the allow-list. */
export interface McpToolInfo {
  /** The server's own name for it. */
  name: string;
  /** What the registry calls it: `server__tool`. */
  exposed: string;
  description: string;
  /** The server's JSON schema for the arguments (hostile input: used as data only). */
  inputSchema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  /** Estimated tokens its schema costs in a prompt. */
  tokens: number;
}

export interface McpServerStatus {
  name: string;
  transport: 'stdio' | 'http';
  /** `command args…` or the URL (never env values or headers). */
  target: string;
  trusted: boolean;
  /** The allow-list, when set. */
  allow?: string[];
  state: McpState;
  error?: string;
  pid?: number;
  restarts: number;
  /** Known once the server has started. */
  tools?: McpToolInfo[];
  /** All its allowed schemas together, as the model would get them. */
  schemaTokens?: number;
  /** The last lines the server wrote to stderr (stdio), for a failure's why. */
  stderr?: string;
}

/** A tool call's answer, already flattened to text for the model. */
export interface McpCallResult {
  ok: boolean;
  content: string;
}

export interface McpService {
  /** The configured servers and their state; starts nothing. */
  status(): McpServerStatus[];
  /** Names of the configured servers. */
  names(): string[];
  /** Whether a server is trusted = true (its calls do not ask). */
  trusted(server: string): boolean;
  /** Starts the server if needed (first use, or after a crash) and returns its allowed tools. */
  tools(server: string, signal?: AbortSignal): Promise<McpToolInfo[]>;
  call(server: string, tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number }): Promise<McpCallResult>;
  /** Stops and starts it again (the settings page's Restart). */
  restart(server: string): Promise<void>;
  /** Stops every server and its process group. */
  close(): Promise<void>;
}
