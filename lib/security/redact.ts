// Secrets never leave the machine config: a value of a secret key that shows
// up in tool output (a command that cats a file holding the key, a .env the
// model reads) is replaced before it reaches the model, the events or the UI.
// Plain substring search: linear in the text, whatever the secret holds.
import { SECRET_KEYS, type Config } from '../config/schema';

export interface Secret {
  key: string;
  value: string;
}

/** Shorter values would redact ordinary words; no real key is this short. */
const MIN_SECRET_LENGTH = 6;
const SECRET_ENV_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|AUTH/i;

export function secretsOf(config: Partial<Config> | undefined): Secret[] {
  if (!config) return [];
  const out: Secret[] = [];
  for (const key of SECRET_KEYS) {
    const value = (config as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim().length >= MIN_SECRET_LENGTH) out.push({ key, value: value.trim() });
  }
  // Each model server's api_key is a secret too.
  for (const [name, p] of Object.entries(config.providers ?? {})) {
    const value = p?.api_key?.trim();
    if (value && value.length >= MIN_SECRET_LENGTH) out.push({ key: `providers.${name}.api_key`, value });
  }
  // MCP servers' credentials: every header value (Authorization, API keys) and env values with secret-looking names.
  for (const [name, server] of Object.entries(config.mcp_servers ?? {})) {
    const add = (key: string, value: string) => value.trim().length >= MIN_SECRET_LENGTH && out.push({ key, value: value.trim() });
    for (const [h, v] of Object.entries(server.headers ?? {})) {
      add(`mcp_servers.${name}.headers.${h}`, v);
      // "Bearer abc…": the token alone may show up too.
      const token = /^\S+\s+(\S+)$/.exec(v.trim())?.[1];
      if (token) add(`mcp_servers.${name}.headers.${h}`, token);
    }
    for (const [k, v] of Object.entries(server.env ?? {})) if (SECRET_ENV_NAME.test(k)) add(`mcp_servers.${name}.env.${k}`, v);
  }
  // Longest first, so a secret that contains another is replaced whole.
  return out.sort((a, b) => b.value.length - a.value.length);
}

export const redactionMark = (key: string) => `[redacted: ${key}]`;

export function redactSecrets(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s.value)) out = out.split(s.value).join(redactionMark(s.key));
  return out;
}

/**
 * For output that arrives in chunks: a secret split across two chunks is
 * still caught, because the end of a chunk that could begin a secret is held
 * back until the next chunk (or flush) shows how it goes on.
 */
export function streamRedactor(secrets: readonly Secret[]): { push(text: string): string; flush(): string } {
  let held = '';
  return {
    push(text) {
      if (!secrets.length) return text;
      const buf = redactSecrets(held + text, secrets);
      const keep = heldSuffix(buf, secrets);
      held = buf.slice(buf.length - keep);
      return buf.slice(0, buf.length - keep);
    },
    flush() {
      const rest = held;
      held = '';
      return rest;
    },
  };
}

/** Length of the longest end of `buf` that is the start of some secret. */
function heldSuffix(buf: string, secrets: readonly Secret[]): number {
  const longest = Math.min(buf.length, Math.max(...secrets.map((s) => s.value.length)) - 1);
  for (let k = longest; k > 0; k--) {
    const end = buf.slice(buf.length - k);
    if (secrets.some((s) => s.value.startsWith(end))) return k;
  }
  return 0;
}
