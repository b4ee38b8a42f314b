// Layered configuration: defaults < machine file < project ca.config < env.
// Never throws for bad input: problems become issues for the UI and the
// offending file or key falls back to the layer below, so the app still starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { parse as parseToml, TomlError } from 'smol-toml';
import { parseAllowEntry } from '../web/allow';
import { resolveConfigPath } from './display';
import { coerceEnvValue, CONFIG_KEYS, envVarFor, normalizeOllamaHost } from './env';
import {
  configSchema,
  mcpServerSchema,
  ADD_ONLY_KEYS,
  LOWER_ONLY_KEYS,
  MACHINE_ONLY_KEYS,
  SECRET_KEYS,
  TIGHTEN_ORDER,
  type Config,
  type ConfigIssue,
  type ConfigKey,
  type Layer,
  type LoadedConfig,
  type Provenance,
} from './schema';

export interface LoadConfigOptions {
  /** Workspace root holding ca.config; none means no project layer. */
  workspace?: string | null;
  env?: Record<string, string | undefined>;
  homeDir?: string;
}

export const machineConfigPath = (homeDir: string = os.homedir()): string =>
  path.join(homeDir, '.code-assistant', 'config.toml');
export const projectConfigPath = (workspace: string): string => path.join(workspace, 'ca.config');

/** One value offered by one layer, before validation. */
interface Entry {
  key: string;
  value: unknown;
  /** File path or variable name. */
  source: string;
  file?: string;
  line?: number;
}

const MCP_SERVER_NAME = /^(?=.{1,32}$)[A-Za-z0-9-]+(?:_[A-Za-z0-9-]+)*$/;

const isKey = (k: string): k is ConfigKey => Object.hasOwn(configSchema.shape, k);

function isTable(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || proto === Object.prototype; // not a TOML date
}

export function loadConfig(opts: LoadConfigOptions = {}): LoadedConfig {
  const homeDir = opts.homeDir ?? os.homedir();
  const env = opts.env ?? process.env;
  // Cloned so no caller can mutate the schema's shared default arrays.
  const values: Config = structuredClone(configSchema.parse({}));
  const defaults = structuredClone(values) as Record<string, unknown>;
  const provenance = Object.fromEntries(CONFIG_KEYS.map((k) => [k, { layer: 'default' }])) as Record<
    ConfigKey,
    Provenance
  >;
  const issues: ConfigIssue[] = [];
  const files = { machine: machineConfigPath(homeDir), project: opts.workspace ? projectConfigPath(opts.workspace) : null };

  const apply = (layer: Layer, entries: Entry[]) => {
    for (const e of entries) applyEntry(layer, e, values, provenance, issues, files.machine);
  };
  apply('machine', readTomlLayer(files.machine, issues));
  if (files.project) apply('project', readTomlLayer(files.project, issues));
  apply('env', envEntries(env, defaults, issues));

  const dataDir = resolveConfigPath({ values, homeDir }, 'data_dir');
  return { values, provenance, issues, dataDir, homeDir, files };
}

function applyEntry(
  layer: Layer,
  e: Entry,
  values: Config,
  provenance: Record<ConfigKey, Provenance>,
  issues: ConfigIssue[],
  machineFile: string,
): void {
  const at = e.file ? { file: e.file, line: e.line } : {};
  const where = e.file ? `in ${e.file}${e.line ? `:${e.line}` : ''}` : `from ${e.source}`;
  if (!isKey(e.key)) {
    const what = isTable(e.value) ? `Unknown table [${e.key}]` : `Unknown key "${e.key}"`;
    const guess = suggestKey(e.key);
    issues.push({
      level: 'warning',
      ...at,
      key: e.key,
      message: `${what} ${where} ignored${guess ? `; did you mean "${guess}"?` : ''}`,
    });
    return;
  }
  const key = e.key;
  if (layer === 'project' && MACHINE_ONLY_KEYS.has(key)) {
    const leak = SECRET_KEYS.has(key) ? ' Remove it from ca.config; if it was ever committed, rotate it.' : '';
    issues.push({
      level: 'warning',
      ...at,
      key,
      message:
        `"${key}" ${where} ignored: it is machine-only and belongs in ${machineFile} (or ${envVarFor(key)}), ` +
        `so a repository can never redirect your code, keys or sandbox.${leak}`,
    });
    return;
  }
  const invalid = (detail: string, what = `"${key}" ${where}`, fallback = `using the ${provenance[key].layer} value instead`) => {
    issues.push({ level: 'error', ...at, key, message: `${what}: ${detail}; ${fallback}` });
  };

  if (key === 'num_ctx') {
    // Merged per model so a project can add one model without repeating the machine's list.
    if (!isTable(e.value)) return invalid('expected a table of model name -> context length, e.g. [num_ctx] "qwen2.5-coder:14b" = 16384');
    let merged = false;
    for (const [model, n] of Object.entries(e.value)) {
      const r = configSchema.shape.num_ctx.safeParse({ [model]: n });
      if (!r.success) {
        const hint = isTable(n) ? ` (quote model names containing dots: "${model}.…" = 16384)` : '';
        invalid(`${zodMessage(r.error, false)}${hint}`, `num_ctx."${model}" ${where}`, 'that entry is ignored');
        continue;
      }
      values.num_ctx = { ...values.num_ctx, [model]: r.data[model]! };
      merged = true;
    }
    if (merged) provenance.num_ctx = { layer, source: e.source };
    return;
  }

  if (key === 'mcp_servers') {
    // Each server on its own: one typo must not drop the others.
    if (!isTable(e.value)) return invalid('expected tables [mcp_servers.NAME] with command (stdio) or url (Streamable HTTP)');
    const servers: Config['mcp_servers'] = {};
    for (const [name, server] of Object.entries(e.value)) {
      // Tools are named NAME__tool, so a name may not hold "__" (nor start or end with "_").
      if (!MCP_SERVER_NAME.test(name)) {
        invalid('a server name is letters, digits, "-" and single "_" (at most 32)', `mcp_servers."${name.slice(0, 40)}" ${where}`, 'that server is ignored');
        continue;
      }
      const r = mcpServerSchema.safeParse(server);
      if (!r.success) {
        invalid(zodMessage(r.error), `mcp_servers.${name} ${where}`, 'that server is ignored');
        continue;
      }
      servers[name] = r.data;
    }
    values.mcp_servers = servers;
    provenance.mcp_servers = { layer, source: e.source };
    return;
  }

  let value = e.value;
  if (key === 'ollama_host' && typeof value === 'string') {
    const host = normalizeOllamaHost(value);
    if (!host) return invalid(`expected an http(s) URL or host:port, got "${value}"`);
    value = host;
  }
  const r = configSchema.shape[key].safeParse(value);
  if (!r.success) return invalid(zodMessage(r.error));
  let parsed: unknown = r.data;
  if (key === 'web_allow_hosts') {
    // Each entry on its own: one typo must not drop the whole list.
    parsed = (parsed as string[]).filter((entry) => {
      const p = parseAllowEntry(entry);
      if ('error' in p) issues.push({ level: 'warning', ...at, key, message: `${p.error} (${where}; that entry is ignored)` });
      return !('error' in p);
    });
  }
  if (layer === 'project') {
    const tightened = tightenOnly(key, (values as Record<ConfigKey, unknown>)[key], parsed);
    if ('refused' in tightened) {
      issues.push({ level: 'warning', ...at, key, message: `"${key}" ${where} ignored: ${tightened.refused}` });
      return;
    }
    parsed = tightened.value;
  }
  (values as Record<ConfigKey, unknown>)[key] = parsed;
  provenance[key] = { layer, source: e.source };
}

/**
 * A project value for a tighten-only key: accepted when it is at least as
 * strict as what the layers below set, lists merged (a project adds deny
 * patterns, never removes one).
 */
function tightenOnly(key: ConfigKey, current: unknown, proposed: unknown): { value: unknown } | { refused: string } {
  const order = TIGHTEN_ORDER[key];
  if (order) {
    const from = order.indexOf(current);
    const to = order.indexOf(proposed);
    if (to < from) {
      const show = (v: unknown) => JSON.stringify(v);
      return { refused: `a project may only tighten it (${order.map(show).join(' -> ')}); your setting ${show(current)} stays. Change it in your machine config if you mean it.` };
    }
    return { value: proposed };
  }
  if (LOWER_ONLY_KEYS.has(key) && typeof current === 'number' && typeof proposed === 'number' && proposed > current) {
    return { refused: `a project may only lower it; your setting ${current} stays. Change it in your machine config if you mean it.` };
  }
  if (ADD_ONLY_KEYS.has(key) && Array.isArray(current) && Array.isArray(proposed)) {
    return { value: [...new Set([...current, ...proposed])] };
  }
  return { value: proposed };
}

function zodMessage(error: { issues: { path: PropertyKey[]; message: string }[] }, withPath = true): string {
  return error.issues
    .map((i) => {
      const at = withPath && i.path.length ? `${i.path.map(String).join('.')}: ` : '';
      return at + i.message.replace(/^(Invalid input|Invalid option|Too small|Too big): /, '');
    })
    .join('; ');
}

/** A known key within a few typos of `key`, for "did you mean". */
function suggestKey(key: string): ConfigKey | undefined {
  const k = key.toLowerCase().replace(/-/g, '_');
  const best = closest(k, CONFIG_KEYS) as ConfigKey;
  return distance(k, best) <= Math.max(2, Math.floor(best.length / 5)) ? best : undefined;
}

function readTomlLayer(file: string, issues: ConfigIssue[]): Entry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // layers are optional
    issues.push({ level: 'error', file, message: `Cannot read ${file}: ${(err as Error).message}` });
    return [];
  }
  let table: Record<string, unknown>;
  try {
    table = parseToml(text);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
    const pos = err instanceof TomlError ? ` at line ${err.line}, column ${err.column}` : '';
    issues.push({
      level: 'error',
      file,
      line: err instanceof TomlError ? err.line : undefined,
      message: `Malformed TOML in ${file}${pos}: ${first}. The whole file is ignored until it is fixed.`,
    });
    return [];
  }
  const lines = topLevelLines(text);
  return Object.entries(table).map(([key, value]) => ({ key, value, source: file, file, line: lines.get(key) }));
}

/**
 * Best effort line numbers for top-level keys and [table] headers, for
 * messages. TOML puts every top-level key before the first table header.
 */
function topLevelLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let inTable = false;
  text.split(/\r?\n/).forEach((line, i) => {
    const header = /^\s*\[\[?\s*["']?([\w-]+)/.exec(line);
    const kv = inTable || header ? null : /^\s*["']?([\w-]+)["']?\s*[=.]/.exec(line);
    const name = header?.[1] ?? kv?.[1];
    if (header) inTable = true;
    if (name && !lines.has(name)) lines.set(name, i + 1);
  });
  return lines;
}

function envEntries(env: Record<string, string | undefined>, defaults: Record<string, unknown>, issues: ConfigIssue[]): Entry[] {
  const entries: Entry[] = [];
  // Ollama's own variable, below CA_OLLAMA_HOST (applied first, so CA_ wins).
  if (env.OLLAMA_HOST?.trim()) entries.push({ key: 'ollama_host', value: env.OLLAMA_HOST.trim(), source: 'OLLAMA_HOST' });
  for (const key of CONFIG_KEYS) {
    const name = envVarFor(key);
    const raw = env[name]?.trim();
    if (!raw) continue; // empty counts as unset, as `VAR=` in shells and compose files means
    const value = coerceEnvValue(key, raw, defaults);
    if (value instanceof Error) {
      issues.push({ level: 'error', key, message: `${name}: ${value.message}; ignored` });
      continue;
    }
    entries.push({ key, value, source: name });
  }
  // CA_ is also a common prefix for certificate settings, so only near-misses are reported.
  for (const name of Object.keys(env)) {
    if (!name.startsWith('CA_') || !env[name] || CONFIG_KEYS.some((k) => envVarFor(k) === name)) continue;
    const guess = suggestKey(name.slice(3));
    if (guess) {
      issues.push({ level: 'warning', key: name, message: `Unknown variable ${name} ignored; did you mean ${envVarFor(guess)}?` });
    }
  }
  return entries;
}
