// Decides whether a URL may be fetched, AFTER DNS resolution: a public-looking
// name can resolve to 127.0.0.1 or the cloud metadata service. Every address
// the name resolves to must be allowed, and the caller connects to the one
// checked here (pinned), so DNS rebinding between check and connect is moot.
import dns from 'node:dns';
import { AllowList, appPorts, effectivePort } from './allow';
import { forbiddenReason, formatIp, parseIp, type Ip } from './ip';

export type WebErrorCode =
  | 'bad-url'
  | 'scheme'
  | 'credentials'
  | 'refused'
  | 'dns'
  | 'timeout'
  | 'aborted'
  | 'network'
  | 'redirects'
  | 'http'
  | 'content-type'
  | 'provider';

/** A failure with a message written for the model (and the user) to act on. */
export class WebError extends Error {
  constructor(
    readonly code: WebErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name -> addresses. Injectable so tests can make any name resolve anywhere. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const all = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface Target {
  url: URL;
  /** Host name without brackets or trailing dot, lower case. */
  host: string;
  /** The checked address the connection must use. */
  address: string;
  family: 4 | 6;
}

// Names that mean "this machine" or "the cloud metadata service" whatever DNS says.
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

function forbiddenName(host: string): string | null {
  if (host === 'localhost' || host.endsWith('.localhost')) return 'a loopback name';
  if (METADATA_NAMES.has(host)) return 'a cloud metadata name';
  if (host.endsWith('.internal')) return 'a private-use (.internal) name';
  return null;
}

function normalizeHost(h: string): string {
  let s = h.trim().toLowerCase();
  if (s.startsWith('[')) s = s.slice(1, s.indexOf(']') > 0 ? s.indexOf(']') : undefined);
  return s.replace(/\.$/, '');
}

export interface GuardOptions {
  allowHosts?: readonly string[];
  /** Ports of this app, refused on loopback whatever the allow-list says (default: PORT). */
  selfPorts?: readonly number[];
  resolver?: Resolver;
}

const ALLOW_HINT =
  'fetch_url and web_search do not reach loopback, private, link-local or cloud-metadata addresses (SSRF protection). ' +
  'If this host is meant to be reachable, allow it at machine scope: web_allow_hosts in ~/.code-assistant/config.toml ' +
  '("host" for its default port, "host:port" for one port) or CA_WEB_ALLOW_HOSTS; a project ca.config cannot.';

function refuse(url: URL, what: string): WebError {
  return new WebError('refused', `Refused ${url.href}: ${what}. ${ALLOW_HINT}`);
}

/** Parse a URL and refuse what no fetch may use (other schemes, embedded credentials). */
export function parseWebUrl(raw: string | URL): URL {
  let url: URL;
  try {
    url = new URL(typeof raw === 'string' ? raw.trim() : raw.href);
  } catch {
    throw new WebError('bad-url', `"${String(raw).slice(0, 200)}" is not a valid URL; give a full address such as https://example.com/page.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WebError('scheme', `Only http:// and https:// URLs can be fetched, not ${url.protocol}//.`);
  }
  if (url.username || url.password) {
    throw new WebError('credentials', 'URLs with a user name or password in them are refused; credentials must not travel in URLs.');
  }
  return url;
}

/** Resolve and check one hop; returns the address to connect to, or throws a WebError. */
export async function checkTarget(raw: string | URL, opts: GuardOptions = {}): Promise<Target> {
  const url = parseWebUrl(raw);
  const host = normalizeHost(url.hostname);
  const allow = new AllowList(opts.allowHosts);
  const nameAllowed = allow.allowsName(host, url);

  const literal = parseIp(host);
  let addresses: Ip[];
  if (literal) {
    addresses = [literal];
  } else {
    const badName = forbiddenName(host);
    if (badName && !nameAllowed) throw refuse(url, `${host} is ${badName}`);
    let found: ResolvedAddress[];
    try {
      found = await (opts.resolver ?? systemResolver)(host);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOTFOUND' || code === 'ENODATA' ? 'no such host' : (e as Error).message;
      throw new WebError('dns', `Could not resolve ${host} (${why}). Check the spelling of the address; this machine may also be offline.`);
    }
    addresses = found.map((a) => parseIp(a.address)).filter((ip): ip is Ip => ip !== null);
    if (addresses.length === 0) throw new WebError('dns', `Could not resolve ${host}: no addresses.`);
  }

  const selfPorts = opts.selfPorts ?? appPorts();
  for (const ip of addresses) {
    const why = forbiddenReason(ip);
    // 0.0.0.0 and :: reach this machine too.
    if (why && /loopback|unspecified/.test(why) && selfPorts.includes(effectivePort(url))) {
      throw new WebError('refused', `Refused ${url.href}: that is code-assistant's own port; the web tools never reach the app itself.`);
    }
    if (why && !nameAllowed && !allow.allowsIp(ip, url)) {
      const shown = formatIp(ip);
      throw refuse(url, literal ? `${shown} is ${why}` : `${host} resolves to ${shown}, ${why}`);
    }
  }
  const first = addresses[0];
  return { url, host, address: formatIp(first), family: first.v };
}
