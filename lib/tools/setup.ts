// What every tool call gets from the app, built in one place for chat turns,
// pipeline phases and the benchmark runner: the settings (policy, sandbox,
// budgets) and the environment (database, indexes, private folders).
import { privateFolders } from '../config';
import type { Config } from '../config/schema';
import type { App } from '../ports';
import { hiddenFolders } from './sandbox';
import type { ToolEnv, ToolSettings } from './types';

/**
 * Chat asks the user as shell_policy says; a pipeline has nobody watching, so
 * it runs under pipeline_shell_policy (deny patterns and sandbox the same;
 * without a sandbox every command asks or is refused).
 */
export function toolSettings(c: Config, mode: 'chat' | 'pipeline' = 'chat', timeoutSeconds = c.shell_timeout_seconds): ToolSettings {
  return {
    shellPolicy: mode === 'pipeline' ? c.pipeline_shell_policy : c.shell_policy,
    shellDenyPatterns: c.shell_deny_patterns,
    shellTimeoutSeconds: timeoutSeconds,
    resultTokens: c.tool_result_tokens,
    maxReadBytes: c.max_read_bytes,
    shellSandbox: c.shell_sandbox,
    shellNetwork: c.shell_network,
    sandboxHide: hiddenFolders(c),
  };
}

/** The tools' environment in a workspace; `config` is the caller's snapshot (a turn's, a run's). */
export function toolEnv(app: App, ws: { id: string; path: string }, config: Config, extra: Pick<ToolEnv, 'onFilesChanged'> = {}): ToolEnv {
  return {
    config,
    db: app.db,
    workspaceId: ws.id,
    dataDir: app.dataDir,
    privateDirs: privateFolders(app.config(ws.path)),
    symbols: app.symbols,
    chroma: app.chroma,
    mcp: app.mcp,
    ...extra,
  };
}
