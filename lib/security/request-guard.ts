// A page on localhost that runs shell commands is a target for every website
// the user visits. Two checks close the two doors:
// - DNS rebinding: a foreign name resolving to 127.0.0.1 arrives with its own
//   Host header, so any Host that is not a loopback name is refused.
// - CSRF: a foreign page can POST to localhost; browsers send its Origin, so a
//   state-changing request from a non-loopback Origin is refused.

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Host header value (`name[:port]`) names this machine's loopback interface. */
export function isLoopbackHost(host: string | null, extra: string[] = []): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
  if (LOOPBACK_NAMES.has(name) || extra.includes(name)) return true;
  if (name.endsWith('.localhost')) return true; // RFC 6761: always loopback
  return /^127(\.\d{1,3}){3}$/.test(name);
}

export function isLoopbackOrigin(origin: string, extra: string[] = []): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.host, extra);
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardVerdict {
  ok: boolean;
  reason?: string;
}

/** Extra allowed host names come from CA_ALLOWED_HOSTS (comma-separated) for users who proxy the app. */
export function checkRequest(method: string, headers: Headers, extraHosts: string[] = []): GuardVerdict {
  if (!isLoopbackHost(headers.get('host'), extraHosts)) {
    return { ok: false, reason: `Host ${headers.get('host') ?? '(none)'} is not a loopback name: refused (DNS rebinding protection).` };
  }
  if (!SAFE_METHODS.has(method.toUpperCase())) {
    const origin = headers.get('origin');
    // "null" is what sandboxed frames and some redirects send: never ours.
    if (origin !== null && !isLoopbackOrigin(origin, extraHosts)) {
      return { ok: false, reason: `Origin ${origin} may not change anything here: refused (cross-site request).` };
    }
    // Without Origin (curl, scripts), a browser would still tell us through Sec-Fetch-Site.
    const site = headers.get('sec-fetch-site');
    if (origin === null && site === 'cross-site') return { ok: false, reason: 'Cross-site request refused.' };
  }
  return { ok: true };
}

export function extraHostsFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return (env.CA_ALLOWED_HOSTS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}
