// The app's MCP servers (a member of the App object, lib/ports.ts): one
// connection per configured server, made on first use. The configuration
// is read fresh on every use, so an edited [mcp_servers.NAME] stops the old
// server and the next use starts the new one; a removed one is stopped.
import type { McpServerConfig } from '../config/schema';
import { McpConnection } from './connection';
import type { McpCallResult, McpServerStatus, McpService, McpToolInfo } from './types';

export class McpManager implements McpService {
  private readonly conns = new Map<string, { key: string; conn: McpConnection }>();
  private closed = false;
  private listening = false;
  // A server may outlive a crash of ours only until stdin closes; on a normal exit its group is killed at once.
  private readonly onExit = () => {
    for (const { conn } of this.conns.values()) conn.killGroup();
  };

  constructor(private readonly configs: () => Record<string, McpServerConfig>) {}

  names(): string[] {
    return Object.keys(this.configs());
  }

  trusted(server: string): boolean {
    return this.configs()[server]?.trusted === true;
  }

  status(): McpServerStatus[] {
    const configs = this.configs();
    return Object.entries(configs).map(([name, config]) => {
      const hit = this.conns.get(name);
      const conn = hit && hit.key === JSON.stringify(config) ? hit.conn : new McpConnection(name, config);
      return conn.status();
    });
  }

  async tools(server: string, signal?: AbortSignal): Promise<McpToolInfo[]> {
    return (await this.conn(server)).ready(signal);
  }

  async call(server: string, tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number }): Promise<McpCallResult> {
    const conn = await this.conn(server);
    if (conn.tools && !conn.tools.some((t) => t.name === tool)) {
      return { ok: false, content: `MCP server "${server}" offers no tool "${tool}" (or it is not in its allow-list).` };
    }
    return conn.call(tool, args, opts);
  }

  async restart(server: string): Promise<void> {
    const conn = await this.conn(server);
    await conn.stop();
    await conn.ready().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.all(all.map(({ conn }) => conn.stop()));
    process.off('exit', this.onExit);
    this.listening = false;
  }

  /** The live connection for a server's current config; a changed config replaces it. */
  private async conn(server: string): Promise<McpConnection> {
    if (this.closed) throw new Error('the app is shutting down');
    const configs = this.configs();
    const config = configs[server];
    // Servers that left the config are stopped on the way.
    for (const [name, { conn }] of this.conns) {
      if (!(name in configs)) {
        this.conns.delete(name);
        void conn.stop();
      }
    }
    if (!config) throw new Error(`No MCP server "${server}" is configured ([mcp_servers.${server}] in the machine config).`);
    const key = JSON.stringify(config);
    const hit = this.conns.get(server);
    if (hit && hit.key === key) return hit.conn;
    if (hit) await hit.conn.stop();
    const conn = new McpConnection(server, config);
    if (!this.listening) {
      this.listening = true;
      process.on('exit', this.onExit);
    }
    this.conns.set(server, { key, conn });
    return conn;
  }
}
