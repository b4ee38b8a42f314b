import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseAllowEntry } from '../../lib/web/allow';
import { loadConfig } from '../../lib/config';
import { checkTarget, systemResolver, WebError, type Resolver } from '../../lib/web/guard';
import { forbiddenReason, formatIp, parseIp, parseIPv4 } from '../../lib/web/ip';

/** A resolver answering from a table, counting its calls. */
function tableResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (host: string) => {
    calls.push(host);
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }) as Resolver & { calls: string[] };
  fn.calls = calls;
  return fn;
}

async function refusal(url: string, opts: Parameters<typeof checkTarget>[1] = {}): Promise<WebError> {
  const err = await checkTarget(url, opts).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${url} should be refused`).toBeInstanceOf(WebError);
  return err as WebError;
}

describe('IP parsing', () => {
  it('reads every IPv4 spelling inet_aton accepts', () => {
    for (const s of ['127.0.0.1', '2130706433', '0x7f.1', '0x7f000001', '017700000001', '127.1', '127.0.1', '0177.0.0.01']) {
      expect(parseIPv4(s), s).toBe(0x7f000001);
    }
    for (const s of ['256.0.0.1', '1.2.3.4.5', '0x100000000', '1.2.3.256x', 'example.com', '', '08.1.1.1']) expect(parseIPv4(s), s).toBeNull();
  });

  it('reads IPv6 with brackets, zones and IPv4 tails, and prints it canonically', () => {
    expect(formatIp(parseIp('[::ffff:127.0.0.1]')!)).toBe('::ffff:7f00:1');
    expect(formatIp(parseIp('fe80::1%eth0')!)).toBe('fe80::1');
    expect(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatIp(parseIp('1:0:0:1:0:0:0:1')!)).toBe('1:0:0:1::1');
    expect(parseIp('not:an:address')).toBeNull();
  });

  it('names what is forbidden and passes public addresses', () => {
    const why = (s: string) => forbiddenReason(parseIp(s)!);
    expect(why('127.0.0.53')).toBe('a loopback address');
    expect(why('10.1.2.3')).toMatch(/private/);
    expect(why('172.31.255.255')).toMatch(/private/);
    expect(why('192.168.1.1')).toMatch(/private/);
    expect(why('100.64.0.1')).toMatch(/carrier-grade NAT/);
    expect(why('169.254.1.1')).toMatch(/link-local/);
    expect(why('169.254.169.254')).toMatch(/metadata/);
    expect(why('fd00:ec2::254')).toMatch(/metadata/);
    expect(why('0.0.0.0')).toMatch(/unspecified/);
    expect(why('::')).toMatch(/unspecified/);
    expect(why('224.0.0.1')).toMatch(/multicast/);
    expect(why('ff02::1')).toMatch(/multicast/);
    expect(why('fc00::1')).toMatch(/unique local/);
    expect(why('fe80::abcd')).toMatch(/link-local/);
    expect(why('::ffff:10.0.0.1')).toMatch(/private.*inside IPv6/);
    expect(why('64:ff9b::a9fe:a9fe')).toMatch(/metadata.*inside IPv6/); // NAT64 to the metadata service
    expect(why('2002:7f00:1::')).toMatch(/loopback/); // 6to4 wrapping 127.0.0.1
    for (const ok of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) expect(why(ok), ok).toBeNull();
  });
});

describe('checkTarget refuses SSRF targets without an allow-list', () => {
  const literals: [string, RegExp][] = [
    ['http://127.0.0.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://[::1]:8080/', /::1 is a loopback address/],
    ['http://10.0.0.5/admin', /private/],
    ['http://192.168.1.1/', /private/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://[fd00:ec2::254]/', /cloud metadata/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback address/],
    ['http://0x7f.1/', /127\.0\.0\.1 is a loopback address/],
    ['http://017700000001/', /loopback/],
    ['http://127.1/', /loopback/],
    ['http://0/', /unspecified/],
    ['http://[::ffff:127.0.0.1]/', /loopback address \(IPv4 127\.0\.0\.1 inside IPv6\)/],
    ['http://[::ffff:a9fe:a9fe]/', /cloud metadata/],
    ['https://100.100.100.200/', /metadata/],
  ];
  for (const [url, why] of literals) {
    it(`refuses ${url}`, async () => {
      const err = await refusal(url, { resolver: tableResolver({}) });
      expect(err.code).toBe('refused');
      expect(err.message).toMatch(why);
      expect(err.message).toMatch(/web_allow_hosts/); // says how to allow it, at machine scope
    });
  }

  it('refuses loopback and metadata names before asking DNS', async () => {
    const resolver = tableResolver({});
    for (const url of ['http://localhost:3000/', 'http://LOCALHOST./', 'http://app.localhost/', 'http://metadata.google.internal/computeMetadata/v1/', 'http://metadata/', 'http://db.corp.internal/']) {
      expect((await refusal(url, { resolver })).code).toBe('refused');
    }
    expect(resolver.calls).toEqual([]);
  });

  it('refuses a public-looking name that resolves to loopback or private space', async () => {
    const resolver = tableResolver({ 'evil.example': ['127.0.0.1'], 'mixed.example': ['93.184.216.34', '10.0.0.7'], 'v6.example': ['::ffff:192.168.0.1'] });
    expect((await refusal('http://evil.example/', { resolver })).message).toMatch(/evil\.example resolves to 127\.0\.0\.1, a loopback address/);
    // Any forbidden address among several refuses: the connection could use either.
    expect((await refusal('https://mixed.example/', { resolver })).message).toMatch(/resolves to 10\.0\.0\.7/);
    expect((await refusal('http://v6.example/', { resolver })).message).toMatch(/private/);
  });

  it('refuses this machine\'s own host name, resolved by the real system resolver', async () => {
    const name = os.hostname().toLowerCase();
    const found = await systemResolver(name).catch(() => []);
    const forbidden = found.some((a) => forbiddenReason(parseIp(a.address)!));
    if (!forbidden) return; // a host named on a public address: nothing to prove here
    const err = await refusal(`http://${name}/`);
    expect(err.code).toBe('refused');
    expect(err.message).toContain(`${name} resolves to`);
  });

  it('passes a public address and returns the checked address to pin', async () => {
    const resolver = tableResolver({ 'docs.example': ['93.184.216.34', '2606:2800:220:1::1'] });
    const t = await checkTarget('https://docs.example/page?q=1', { resolver });
    expect(t).toMatchObject({ host: 'docs.example', address: '93.184.216.34', family: 4 });
    expect(t.url.href).toBe('https://docs.example/page?q=1');
  });

  it('refuses other schemes, credentials and bad URLs; reports DNS failures', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:25/', 'javascript:alert(1)', 'data:text/html,hi']) {
      expect((await refusal(url)).code).toBe('scheme');
    }
    expect((await refusal('https://user:secret@example.com/')).code).toBe('credentials');
    expect((await refusal('not a url')).code).toBe('bad-url');
    const dnsErr = await refusal('https://no-such-host.example/', { resolver: tableResolver({}) });
    expect(dnsErr.code).toBe('dns');
    expect(dnsErr.message).toMatch(/Could not resolve no-such-host\.example \(no such host\)/);
  });
});

describe('the machine allow-list', () => {
  const resolver = tableResolver({ 'intranet.corp': ['10.1.2.3'], 'wiki.lab.corp': ['192.168.5.5'], 'evil.example': ['127.0.0.1'] });

  it('allows IPs, CIDRs, host names and *.suffixes it lists, and nothing else', async () => {
    const allowHosts = ['127.0.0.1', '10.0.0.0/8', '*.lab.corp', 'localhost', '[fd12::1]'];
    expect((await checkTarget('http://127.0.0.1/', { allowHosts, resolver })).address).toBe('127.0.0.1');
    expect((await checkTarget('http://intranet.corp/', { allowHosts, resolver })).address).toBe('10.1.2.3');
    expect((await checkTarget('http://wiki.lab.corp/', { allowHosts, resolver })).address).toBe('192.168.5.5');
    expect((await checkTarget('http://[fd12::1]/', { allowHosts, resolver })).address).toBe('fd12::1');
    expect((await checkTarget('http://[::ffff:127.0.0.1]/', { allowHosts, resolver })).address).toBe('::ffff:7f00:1');
    // A name that resolves to an allowed IP is allowed: the allow-list is about addresses.
    expect((await checkTarget('http://evil.example/', { allowHosts, resolver })).address).toBe('127.0.0.1');
    expect((await checkTarget('http://localhost/', { allowHosts })).host).toBe('localhost');
    expect((await refusal('http://127.0.0.2/', { allowHosts, resolver })).code).toBe('refused');
    expect((await refusal('http://192.168.1.1/', { allowHosts, resolver })).code).toBe('refused');
    expect((await refusal('http://169.254.169.254/', { allowHosts, resolver })).code).toBe('refused');
  });
});

describe('allow-list entries are exact', () => {
  it('"host" is its default port only, "host:port" that port only, "host:*" every port', async () => {
    const bare = ['127.0.0.1'];
    expect((await refusal('http://127.0.0.1:18081/', { allowHosts: bare, selfPorts: [] })).code).toBe('refused');
    expect((await checkTarget('http://127.0.0.1/', { allowHosts: bare, selfPorts: [] })).address).toBe('127.0.0.1');
    const one = ['127.0.0.1:18081'];
    expect((await checkTarget('http://127.0.0.1:18081/x', { allowHosts: one, selfPorts: [] })).address).toBe('127.0.0.1');
    expect((await refusal('http://127.0.0.1:18082/', { allowHosts: one, selfPorts: [] })).code).toBe('refused');
    expect((await refusal('http://127.0.0.1/', { allowHosts: one, selfPorts: [] })).code).toBe('refused');
    expect((await checkTarget('https://[fd12::1]:8443/', { allowHosts: ['[fd12::1]:8443'], selfPorts: [] })).address).toBe('fd12::1');
    expect((await checkTarget('http://127.0.0.1:5555/', { allowHosts: ['127.0.0.1:*'], selfPorts: [] })).address).toBe('127.0.0.1');
  });

  it('never the app\'s own port on this machine, whatever the list says', async () => {
    for (const url of ['http://127.0.0.1:3000/api/sessions', 'http://localhost:3000/', 'http://[::1]:3000/', 'http://0.0.0.0:3000/', 'http://127.0.0.1:3000@127.0.0.1:3000/']) {
      const err = await refusal(url, { allowHosts: ['127.0.0.1:*', 'localhost:*', '[::1]:3000', '0.0.0.0:*'], selfPorts: [3000] }).catch((e) => e);
      expect(err.message ?? '', url).toMatch(/own port|user name or password/);
    }
  });

  it('parses host, host:port and [v6]:port; anything else is an error naming the entry', () => {
    expect(parseAllowEntry('127.0.0.1:18081')).toMatchObject({ host: '127.0.0.1', port: 18081 });
    expect(parseAllowEntry('Wiki.Lab.Corp')).toMatchObject({ host: 'wiki.lab.corp', port: null });
    expect(parseAllowEntry('[::1]:8080')).toMatchObject({ host: '::1', port: 8080 });
    expect(parseAllowEntry('10.0.0.0/8')).toMatchObject({ port: null });
    for (const bad of ['http://127.0.0.1:8080', '127.0.0.1:http', '127.0.0.1:70000', 'a b', '', '10.0.0.0/99', '[::1]x']) {
      expect(parseAllowEntry(bad), bad).toHaveProperty('error');
    }
  });

  it('an unparsable entry in the machine config is a warning, and the others still apply', () => {
    const cfg = loadConfig({ homeDir: os.tmpdir() + '/ca-none', env: { CA_WEB_ALLOW_HOSTS: '127.0.0.1:18081, http://wiki/, 127.0.0.1:http' } });
    expect(cfg.values.web_allow_hosts).toEqual(['127.0.0.1:18081']);
    expect(cfg.issues.filter((i) => i.key === 'web_allow_hosts').map((i) => i.message).join('\n')).toMatch(/"http:\/\/wiki\/".*\n.*"127.0.0.1:http"/);
  });
});
