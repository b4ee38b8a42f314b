// IP addresses as numbers, CIDR matching, and the table of address ranges a
// fetch from this machine must not reach (SSRF: loopback, private networks,
// link-local, cloud metadata). Written out rather than using net.BlockList so
// IPv4 inside IPv6 (mapped, NAT64, 6to4) is judged by the IPv4 it carries.
import net from 'node:net';

export type Ip = { v: 4; n: number } | { v: 6; n: bigint };

/**
 * IPv4 the way inet_aton (and so curl, ping and many HTTP clients) reads it:
 * 1-4 parts, each decimal, octal (leading 0) or hex (0x); the last part fills
 * the remaining bytes. So 2130706433, 0x7f.1, 017700000001 and 127.1 all mean
 * 127.0.0.1, and a guard that only knew dotted quads would be bypassed.
 */
export function parseIPv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop(); // "127.0.0.1."
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return null;
    if (!Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((x) => x > 255) || last >= 256 ** (4 - nums.length)) return null;
  return nums.reduce((acc, x, i) => acc + x * 256 ** (3 - i), 0) + last;
}

/** IPv6 (brackets and zone id allowed, an IPv4 tail too) as a 128-bit number. */
export function parseIPv6(s: string): bigint | null {
  let t = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  t = t.replace(/%.*$/, '');
  if (!net.isIPv6(t)) return null;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (tail) {
    const v4 = parseIPv4(tail[1])!;
    t = `${t.slice(0, tail.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, rest] = t.includes('::') ? t.split('::') : [t, null];
  const a = head ? head.split(':') : [];
  const b = rest ? rest.split(':') : [];
  const groups = rest === null ? a : [...a, ...Array(8 - a.length - b.length).fill('0'), ...b];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** An IP literal in any spelling, or null for a host name. */
export function parseIp(s: string): Ip | null {
  const v6 = s.includes(':') ? parseIPv6(s) : null;
  if (v6 !== null) return { v: 6, n: v6 };
  const v4 = parseIPv4(s);
  return v4 === null ? null : { v: 4, n: v4 };
}

export function formatIp(ip: Ip): string {
  if (ip.v === 4) return [24, 16, 8, 0].map((s) => (ip.n >>> s) & 255).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip.n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // RFC 5952: the longest run (2+) of zero groups becomes "::".
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

export interface Cidr {
  ip: Ip;
  bits: number;
}

export function parseCidr(s: string): Cidr | null {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined) return null;
  const ip = parseIp(addr);
  if (!ip) return null;
  const max = ip.v === 4 ? 32 : 128;
  const bits = len === undefined ? max : /^\d+$/.test(len) ? Number(len) : NaN;
  return bits >= 0 && bits <= max ? { ip, bits } : null;
}

export function inCidr(ip: Ip, c: Cidr): boolean {
  if (ip.v !== c.ip.v) return false;
  if (ip.v === 4) {
    const mask = c.bits === 0 ? 0 : (0xffffffff << (32 - c.bits)) >>> 0;
    return ((ip.n & mask) >>> 0) === ((c.ip.n as number) & mask) >>> 0;
  }
  const shift = BigInt(128 - c.bits);
  return ip.n >> shift === (c.ip.n as bigint) >> shift;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(ip: Ip): Ip | null {
  if (ip.v !== 6) return null;
  const low = Number(ip.n & 0xffffffffn);
  if (ip.n >> 32n === 0xffffn) return { v: 4, n: low }; // ::ffff:a.b.c.d
  if (ip.n >> 32n === 0n && ip.n > 1n) return { v: 4, n: low }; // ::a.b.c.d (deprecated)
  if (ip.n >> 32n === 0x64ff9b0000000000000000n) return { v: 4, n: low }; // 64:ff9b::/96
  if (ip.n >> 112n === 0x2002n) return { v: 4, n: Number((ip.n >> 80n) & 0xffffffffn) }; // 6to4
  return null;
}

// First match wins, so the specific entries (metadata) come before their ranges.
const RANGES: [string, string][] = [
  ['169.254.169.254/32', 'a cloud metadata address'],
  ['100.100.100.200/32', 'a cloud metadata address'],
  ['192.0.0.192/32', 'a cloud metadata address'],
  ['fd00:ec2::254/128', 'a cloud metadata address'],
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['10.0.0.0/8', 'a private (RFC 1918) address'],
  ['100.64.0.0/10', 'a carrier-grade NAT (RFC 6598) address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local address'],
  ['172.16.0.0/12', 'a private (RFC 1918) address'],
  ['192.0.0.0/24', 'a reserved (IETF protocol) address'],
  ['192.0.2.0/24', 'a reserved (documentation) address'],
  ['192.168.0.0/16', 'a private (RFC 1918) address'],
  ['198.18.0.0/15', 'a reserved (benchmarking) address'],
  ['198.51.100.0/24', 'a reserved (documentation) address'],
  ['203.0.113.0/24', 'a reserved (documentation) address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved (or broadcast) address'],
  ['::/128', 'an unspecified address'],
  ['::1/128', 'a loopback address'],
  ['fc00::/7', 'a unique local (private) IPv6 address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local (private) IPv6 address'],
  ['ff00::/8', 'a multicast address'],
  ['100::/64', 'a reserved (discard) address'],
  ['2001:db8::/32', 'a reserved (documentation) address'],
  ['64:ff9b:1::/48', 'a NAT64 local-use address'],
];
const TABLE = RANGES.map(([c, why]) => ({ cidr: parseCidr(c)!, why }));

/** Why `ip` must not be fetched (e.g. "a loopback address"), or null when it is public. */
export function forbiddenReason(ip: Ip): string | null {
  const inner = embeddedIPv4(ip);
  if (inner) {
    const why = forbiddenReason(inner);
    return why && `${why} (IPv4 ${formatIp(inner)} inside IPv6)`;
  }
  return TABLE.find((r) => inCidr(ip, r.cidr))?.why ?? null;
}
