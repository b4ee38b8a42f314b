// The machine allow-list (web_allow_hosts): the only way fetch_url and
// web_search reach a loopback, private or link-local address. Each entry is
// exact: `host` (a name, *.suffix, IP or CIDR) means that host on the
// scheme's default port (80/443) only; `host:port` means that port only, and
// `host:*` every port (a deliberate choice, spelled out).
// The app's own port on this machine is never allowed, whatever the list
// says: a redirect to it would reach the API that runs shell commands.
import { inCidr, parseCidr, parseIp, type Cidr, type Ip } from './ip';

export interface AllowEntry {
  /** A host name, a suffix starting with '.', or a CIDR. */
  host: string;
  cidr: Cidr | null;
  suffix: boolean;
  /** null: the URL scheme's default port only; '*': any port. */
  port: number | null | '*';
}

const NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,62})?)(\.[a-z0-9_]([a-z0-9_-]{0,62})?)*\.?$/;

/** One entry of web_allow_hosts, or an error saying what is wrong with it. */
export function parseAllowEntry(raw: string): AllowEntry | { error: string } {
  const s = raw.trim().toLowerCase();
  const bad = (why: string) => ({ error: `web_allow_hosts entry "${raw}" ${why}; write host or host:port, e.g. "127.0.0.1:8081" or "wiki.lab.corp".` });
  if (!s) return bad('is empty');
  if (s.includes('://') || s.includes('/') && !/^[\d.:a-f]+\/\d{1,3}$/.test(s)) return bad('is a URL or path, not a host');
  let host = s;
  let portText: string | null = null;
  const bracket = /^\[([^\]]+)\](?::([^:]*))?$/.exec(s);
  if (bracket) [host, portText] = [bracket[1]!, bracket[2] ?? null];
  else if ((s.match(/:/g) ?? []).length === 1) [host, portText] = s.split(':') as [string, string];
  if (portText !== null && portText !== '*' && !/^\d{1,5}$/.test(portText)) return bad('has a port that is not a number (or *)');
  const port = portText === null ? null : portText === '*' ? '*' : Number(portText);
  if (typeof port === 'number' && (port < 1 || port > 65535)) return bad('has a port outside 1-65535');
  const cidr = host.includes('/') ? parseCidr(host) : null;
  if (host.includes('/') && !cidr) return bad('is not a valid CIDR');
  if (cidr || parseIp(host)) return { host, cidr: cidr ?? parseCidr(`${host}/${host.includes(':') ? 128 : 32}`), suffix: false, port };
  if (!NAME.test(host)) return bad('is not a host name or address');
  const suffix = host.startsWith('*.');
  return { host: (suffix ? host.slice(1) : host).replace(/\.$/, ''), cidr: null, suffix, port };
}

const defaultPort = (url: URL) => (url.protocol === 'https:' ? 443 : 80);
export const effectivePort = (url: URL) => (url.port ? Number(url.port) : defaultPort(url));

export class AllowList {
  private entries: AllowEntry[] = [];

  /** Unparsable entries are skipped here; the config loader reports them. */
  constructor(raw: readonly string[] = []) {
    for (const r of raw) {
      const e = parseAllowEntry(r);
      if (!('error' in e)) this.entries.push(e);
    }
  }

  private portOk(e: AllowEntry, url: URL): boolean {
    if (e.port === '*') return true;
    return effectivePort(url) === (e.port ?? defaultPort(url));
  }

  allowsName(host: string, url: URL): boolean {
    return this.entries.some((e) => !e.cidr && (e.suffix ? host.endsWith(e.host) : host === e.host) && this.portOk(e, url));
  }

  allowsIp(ip: Ip, url: URL): boolean {
    const v4 = ip.v === 6 && ip.n >> 32n === 0xffffn ? ({ v: 4, n: Number(ip.n & 0xffffffffn) } as Ip) : null;
    return this.entries.some((e) => e.cidr && (inCidr(ip, e.cidr) || (v4 !== null && inCidr(v4, e.cidr))) && this.portOk(e, url));
  }
}

/** The port this server listens on (Next's `next start` sets PORT), never reachable from the web tools. */
export function appPorts(env: Record<string, string | undefined> = process.env): number[] {
  const p = Number(env.PORT);
  return Number.isInteger(p) && p > 0 ? [p] : [];
}
