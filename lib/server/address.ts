// Where this server listens, as known inside instrumentation.ts's register().
// `next start` listens first and registers after, and on 'listening' it sets
// PORT to the real port and __NEXT_PRIVATE_ORIGIN to the address it prints
// (next/dist/server/lib/start-server.js, Next 16.4). argv is the fallback.

export interface ServerAddress {
  port: number | null;
  url: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function serverAddress(env: Record<string, string | undefined> = process.env, argv: string[] = process.argv): ServerAddress {
  const origin = parseOrigin(env.__NEXT_PRIVATE_ORIGIN);
  if (origin) return origin;
  const port = toPort(env.PORT) ?? toPort(flag(argv, ['-p', '--port']));
  if (!port) return { port: null, url: null };
  const bound = flag(argv, ['-H', '--hostname']);
  // Bound to every interface (no -H, 0.0.0.0, ::): loopback reaches it.
  const host = !bound || bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound.includes(':') && !bound.startsWith('[') ? `[${bound}]` : bound;
  return { port, url: `http://${host}:${port}` };
}

/** A loopback URL is the only kind the CLI will send a requirement document to. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

function parseOrigin(raw: string | undefined): ServerAddress | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    const port = toPort(u.port);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !port) return null;
    return { port, url: u.origin };
  } catch {
    return null;
  }
}

function flag(argv: string[], names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (names.includes(a)) return argv[i + 1];
    for (const n of names) if (n.startsWith('--') && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
  }
  return undefined;
}

function toPort(v: string | undefined): number | null {
  if (!v || !/^\d+$/.test(v)) return null;
  const n = Number(v);
  return n > 0 && n < 65536 ? n : null;
}
