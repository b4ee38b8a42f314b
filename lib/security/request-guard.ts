// A page on localhost that runs shell commands is a target for every website
// the user visits and every other local server. Checks made before any route:
// - DNS rebinding: a foreign name resolving to 127.0.0.1 arrives with its own
//   Host header, so any Host that is not a loopback name is refused.
// - CSRF: a state-changing request must carry an Origin (or, without one, a
//   Referer) equal to the app's own origin: scheme, host AND port. Another
//   localhost port (a dev server, a notebook) is another site.
// - Bodies: JSON only (a `text/plain` "simple request" needs no preflight),
//   multipart only on the one upload route, and a size cap read from
//   Content-Length before any byte is parsed.

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The one route that takes a file upload. */
export const MULTIPART_ROUTES: ReadonlyArray<{ method: string; path: string }> = [{ method: 'POST', path: '/api/pipelines' }];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardVerdict {
  ok: boolean;
  status?: 403 | 413 | 415;
  reason?: string;
}

interface HostParts {
  /** Lowercased name as URLs spell it: `localhost`, `127.0.0.1`, `[::1]`. */
  name: string;
  port: string;
}

const IPV4_LOOPBACK = /^127\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)\.(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

/**
 * Splits a Host header strictly: `name[:port]` with a DNS-ish name or an IPv4
 * literal, or `[ipv6][:port]`. Anything else (unbracketed IPv6 such as
 * `::1:3000`, text after the bracket, an empty or non-numeric port) is null.
 */
export function parseHost(host: string | null): HostParts | null {
  if (!host) return null;
  const h = host.trim().toLowerCase();
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?)(?::(\d{1,5}))?$/.exec(h);
  if (!m) return null;
  const port = m[2] ?? '';
  if (port && (Number(port) < 1 || Number(port) > 65535)) return null;
  let name = m[1];
  if (name.startsWith('[')) {
    try {
      name = new URL(`http://${name}`).hostname; // canonical form: [0:0::1] -> [::1]
    } catch {
      return null; // not an IPv6 address
    }
  }
  return { name, port };
}

/** `[::1]`, or an IPv4-mapped 127/8 address (`[::ffff:127.0.0.1]`, canonically `[::ffff:7f00:1]`). */
function isLoopbackV6(name: string): boolean {
  return name === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(name);
}

/** Host header value (`name[:port]`) names this machine's loopback interface, or a configured proxy name. */
export function isLoopbackHost(host: string | null, extra: string[] = []): boolean {
  const p = parseHost(host);
  if (!p) return false;
  const { name } = p;
  if (name === 'localhost' || name.endsWith('.localhost')) return true; // RFC 6761: always loopback
  if (name.startsWith('[')) return isLoopbackV6(name);
  return IPV4_LOOPBACK.test(name) || extra.includes(name);
}

/** The origin (`scheme://host[:port]`, default port dropped) a URL or Origin header names; null if unparsable. */
function originOf(value: string): string | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origins this request may come from: the request's own scheme with its
 * Host header. Behind a configured proxy name (CA_ALLOWED_HOSTS) the proxy may
 * terminate TLS, so both schemes count for that exact host and port.
 */
function ownOrigins(host: string, scheme: string, extra: string[]): Set<string> {
  const p = parseHost(host)!;
  const hostPart = p.port ? `${p.name}:${p.port}` : p.name;
  const schemes = extra.includes(p.name) ? ['http:', 'https:'] : [scheme];
  return new Set(schemes.map((s) => originOf(`${s}//${hostPart}`)).filter((o): o is string => o !== null));
}

function refuse(status: 403 | 413 | 415, reason: string): GuardVerdict {
  return { ok: false, status, reason };
}

/**
 * The verdict for one request. `pathname` selects the per-route body rules,
 * `scheme` is `http:`/`https:` as the server received it. Extra allowed host
 * names come from CA_ALLOWED_HOSTS (comma-separated) for users who proxy the app.
 */
export function checkRequest(method: string, headers: Headers, extraHosts: string[] = [], opts: { pathname?: string; scheme?: string } = {}): GuardVerdict {
  const host = headers.get('host');
  if (!isLoopbackHost(host, extraHosts)) {
    return refuse(403, `Host ${host ?? '(none)'} is not a loopback name: refused (DNS rebinding protection). Open the app at http://127.0.0.1:<port>/, or add a proxy's name to CA_ALLOWED_HOSTS.`);
  }
  const m = method.toUpperCase();
  if (SAFE_METHODS.has(m)) return { ok: true };

  const own = ownOrigins(host!, opts.scheme ?? 'http:', extraHosts);
  const expected = [...own][0];
  const origin = headers.get('origin');
  const referer = headers.get('referer');
  // "null" is what sandboxed frames and some redirects send: never ours.
  if (origin !== null) {
    if (!own.has(originOf(origin) ?? '')) {
      return refuse(403, `Origin ${origin} may not change anything here: only ${expected} may (cross-site request refused).`);
    }
  } else if (referer !== null) {
    if (!own.has(originOf(referer) ?? '')) return refuse(403, `Referer ${referer} is not this app (${expected}): cross-site request refused.`);
  } else {
    return refuse(403, `A request that changes something must say where it comes from: send the header "Origin: ${expected}" (browsers do; add it to curl or scripts).`);
  }

  const length = headers.get('content-length');
  const hasBody = (length !== null && length.trim() !== '0') || headers.has('transfer-encoding');
  if (!hasBody) return { ok: true };
  if (length !== null && Number(length) > MAX_BODY_BYTES) {
    return refuse(413, `The request body is ${mb(Number(length))}; the limit is ${mb(MAX_BODY_BYTES)}.`);
  }
  const type = (headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return { ok: true };
  if (type === 'multipart/form-data' && MULTIPART_ROUTES.some((r) => r.method === m && r.path === opts.pathname)) return { ok: true };
  return refuse(415, `Send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type}"` : 'no Content-Type'}).`);
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export function extraHostsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return (env.CA_ALLOWED_HOSTS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}
