// Environment layer: CA_<KEY> variables (strings) coerced to the schema's types,
// plus Ollama's own OLLAMA_HOST.
import { configSchema, type ConfigKey } from './schema';

export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];

export const envVarFor = (key: ConfigKey): string => `CA_${key.toUpperCase()}`;

const DEFAULT_OLLAMA_PORT = '11434';

/**
 * Normalizes an Ollama host the way the ollama client reads OLLAMA_HOST:
 * `host`, `host:port`, `:port` or a full URL. `0.0.0.0` (a server bind
 * address) means this machine. Returns null when it cannot be a URL.
 */
export function normalizeOllamaHost(raw: string): string | null {
  let host = raw.trim();
  if (!host) return null;
  const explicit = host.includes('://');
  if (host.startsWith(':')) host = `127.0.0.1${host}`;
  if (!explicit) host = `http://${host}`;
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = '127.0.0.1';
  // No port: Ollama's default without a scheme, the scheme's default with one.
  const port = url.port || (explicit ? (url.protocol === 'https:' ? '443' : '80') : DEFAULT_OLLAMA_PORT);
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.hostname}:${port}${url.pathname}`.replace(/\/+$/, '');
}

/** Coerces one variable's text to the type the key's default has; Error when unreadable. */
export function coerceEnvValue(key: ConfigKey, raw: string, defaults: Record<string, unknown>): unknown {
  const sample = defaults[key];
  if (typeof sample === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw; // left as text so validation says "expected number"
  }
  if (typeof sample === 'boolean') {
    const t = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off'].includes(t)) return false;
    return raw; // validation says "expected boolean"
  }
  if (Array.isArray(sample)) {
    // JSON for patterns that contain commas (regex {1,3}); otherwise a comma list.
    if (raw.startsWith('[')) return parseJson(raw, 'a JSON array of strings');
    return raw.split(',').map((s) => s.trim()).filter(Boolean);
  }
  // [providers.NAME] tables as JSON: {"gpu":{"kind":"openai","urls":["http://gpu1:8000/v1"]}}.
  if (key === 'providers') return parseJson(raw, 'a JSON object of provider name -> {kind, urls, api_key}');
  if (key === 'num_ctx') {
    if (raw.startsWith('{')) return parseJson(raw, 'a JSON object of model -> number');
    const table: Record<string, unknown> = {};
    for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = part.lastIndexOf('='); // model names contain ':' and '.', never '='
      if (eq <= 0) return new Error(`expected model=number pairs separated by commas, got "${part}"`);
      const n = Number(part.slice(eq + 1).trim());
      table[part.slice(0, eq).trim()] = Number.isFinite(n) ? n : part.slice(eq + 1).trim();
    }
    return table;
  }
  return raw;
}

function parseJson(raw: string, expected: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return new Error(`expected ${expected}, but it is not valid JSON`);
  }
}
