// What the settings page shows: every key, its effective value (secrets
// redacted), and the layer and file or variable that set it.
import path from 'node:path';
import { CONFIG_KEYS, envVarFor } from './env';
import { keyScope, MACHINE_ONLY_KEYS, SECRET_KEYS, type KeyScope, type Config, type ConfigKey, type Layer, type LoadedConfig } from './schema';

export interface ConfigRow {
  key: ConfigKey;
  value: string;
  layer: Layer;
  source?: string;
  machineOnly: boolean;
  /** What a project's ca.config may do with it: nothing, tighten it, or set it. */
  scope: KeyScope;
  secret: boolean;
  /** The variable that would override it. */
  envVar: string;
}

/** A value fit for display; secrets never appear in full. */
export function redact(key: string, value: unknown): string {
  if (SECRET_KEYS.has(key as ConfigKey)) {
    const s = typeof value === 'string' ? value : '';
    if (!s) return 'not set';
    // A short secret would be mostly revealed by its last 4 characters.
    return s.length >= 12 ? `set (…${s.slice(-4)})` : 'set';
  }
  if (key === 'providers' && value && typeof value === 'object') {
    // The servers are shown, their keys never.
    const shown = Object.fromEntries(Object.entries(value as Record<string, { api_key?: string }>).map(([n, p]) => [n, { ...p, api_key: redact('anthropic_api_key', p.api_key ?? '') }]));
    return JSON.stringify(shown);
  }
  // MCP env and header values are credentials more often than not (tokens, Authorization).
  if (key === 'mcp_servers' && value && typeof value === 'object') {
    const hide = (t: unknown) => Object.fromEntries(Object.keys((t ?? {}) as object).map((k) => [k, 'set']));
    const shown = Object.fromEntries(Object.entries(value as Config['mcp_servers']).map(([n, s]) => [n, { ...s, env: hide(s.env), headers: hide(s.headers) }]));
    return JSON.stringify(shown);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeConfig(loaded: LoadedConfig): ConfigRow[] {
  return CONFIG_KEYS.map((key) => ({
    key,
    value: redact(key, loaded.values[key]),
    layer: loaded.provenance[key].layer,
    source: loaded.provenance[key].source,
    machineOnly: MACHINE_ONLY_KEYS.has(key),
    scope: keyScope(key),
    secret: SECRET_KEYS.has(key),
    envVar: envVarFor(key),
  }));
}

const MIN_NUM_CTX = 512; // the config's own minimum for num_ctx

/**
 * Context length for a model: its [num_ctx] entry; else the context length
 * the model reports (`reported`, from /api/show) capped by default_num_ctx,
 * which bounds the memory a model's KV cache may take; else default_num_ctx.
 */
export function numCtxFor(config: Pick<Config, 'num_ctx' | 'default_num_ctx'>, model: string, reported?: number): number {
  // "name" and "name:latest" are the same model to Ollama.
  const alias = model.endsWith(':latest') ? model.slice(0, -':latest'.length) : model.includes(':') ? null : `${model}:latest`;
  for (const name of [model, alias]) {
    if (name !== null && Object.hasOwn(config.num_ctx, name)) return config.num_ctx[name]!;
  }
  if (reported === undefined || !Number.isFinite(reported)) return config.default_num_ctx;
  return Math.max(MIN_NUM_CTX, Math.min(Math.floor(reported), config.default_num_ctx));
}

/** `~` and `~/x` relative to homeDir; other paths unchanged. */
export function expandHome(p: string, homeDir: string): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homeDir, p.slice(2));
  return p;
}

/** A folder setting as an absolute path (relative paths resolve against the working folder). */
export function resolveConfigPath(
  loaded: Pick<LoadedConfig, 'values' | 'homeDir'>,
  key: 'data_dir' | 'session_dir' | 'feedback_dir',
): string {
  return path.resolve(expandHome(loaded.values[key], loaded.homeDir));
}

/**
 * Folders of the app's own that no tool may write and no workspace may be:
 * the data folder (database, indexes) and the machine config folder (keys).
 */
export function privateFolders(loaded: Pick<LoadedConfig, 'dataDir' | 'files'>): string[] {
  return [...new Set([loaded.dataDir, path.dirname(loaded.files.machine)])];
}
