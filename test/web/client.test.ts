import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { webRequest, type WebOptions } from '../../lib/web/client';
import { WebError, type Resolver } from '../../lib/web/guard';
import { fetchPage } from '../../lib/web/page';
import { routes, serve } from './support';

const base: WebOptions = { timeoutMs: 10_000, maxBytes: 1_000_000, allowHosts: ['127.0.0.1:*'] };

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as WebError,
  );

describe('DNS pinning', () => {
  it('connects to the address it checked, resolving once per hop (no rebinding window)', async () => {
    const s = await serve(routes({ '/': [200, { 'content-type': 'text/html' }, '<title>Pinned</title><p>hello</p>'] }));
    // A rebinding resolver: checked answer first, a forbidden one afterwards.
    const calls: string[] = [];
    const resolver: Resolver = async (host) => {
      calls.push(host);
      return [{ address: calls.length === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const page = await fetchPage(`http://docs.rebind.test:${s.port}/`, { ...base, resolver });
    expect(page.title).toBe('Pinned');
    expect(calls).toEqual(['docs.rebind.test']); // Node never looked the name up again
    expect(s.seen[0].headers.host).toBe(`docs.rebind.test:${s.port}`);
  });

  it('re-resolves and re-checks the host of every redirect hop', async () => {
    const target = await serve(routes({ '/b': [200, { 'content-type': 'text/plain' }, 'done'] }));
    const redirecting = await serve((_req, res) => res.writeHead(302, { location: `http://second.test:${target.port}/b` }).end());
    const table: Record<string, string> = { 'first.test': '127.0.0.1', 'second.test': '10.9.9.9' };
    const resolver: Resolver = async (host) => [{ address: table[host], family: 4 }];
    const err = await failure(fetchPage(`http://first.test:${redirecting.port}/a`, { ...base, resolver }));
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(/second\.test resolves to 10\.9\.9\.9, a private/);
    expect(target.seen).toEqual([]);

    table['second.test'] = '127.0.0.1';
    const ok = await fetchPage(`http://first.test:${redirecting.port}/a`, { ...base, resolver });
    expect(ok.text).toBe('done');
    expect(ok.redirects).toEqual([`http://second.test:${target.port}/b`]);
  });
});

describe('requests', () => {
  it('speaks TLS to the pinned address with the real host name (SNI) and reports certificate problems', async () => {
    const fixture = (f: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', f));
    const names: string[] = [];
    // A self-signed certificate for docs.test: verification must fail, after the handshake began with that name.
    const secure = { key: fixture('docs.test-key.pem'), cert: fixture('docs.test-cert.pem') };
    const server = https.createServer({ ...secure, SNICallback: (name, cb) => (names.push(name), cb(null, tls.createSecureContext(secure))) }, (_req, res) => res.end('no'));
    server.on('tlsClientError', () => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    try {
      const err = await failure(webRequest(`https://docs.test:${port}/`, {}, { ...base, resolver }));
      expect(err.code).toBe('network');
      expect(names).toEqual(['docs.test']);
      expect(err.message).toMatch(new RegExp(`^TLS problem with docs\\.test:${port}: self.signed certificate`));
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });


  it('drops the API key when a redirect leaves the origin, and turns POST into GET on 303', async () => {
    const other = await serve(routes({ '/landing': [200, { 'content-type': 'application/json' }, '{}'] }));
    const first = await serve((_req, res) => res.writeHead(303, { location: `${other.origin}/landing` }).end());
    const res = await webRequest(`${first.origin}/search`, { method: 'POST', headers: { 'x-api-key': 'sk-secret', 'content-type': 'application/json' }, body: '{"q":"x"}' }, base);
    expect(res.status).toBe(200);
    expect(first.seen[0]).toMatchObject({ method: 'POST', body: '{"q":"x"}' });
    expect(first.seen[0].headers['x-api-key']).toBe('sk-secret');
    expect(other.seen[0]).toMatchObject({ method: 'GET', body: '' });
    expect(other.seen[0].headers['x-api-key']).toBeUndefined();
  });

  it('stops when the caller aborts, and bounds a DNS lookup that never answers', async () => {
    const s = await serve(() => {}); // never answers
    const ac = new AbortController();
    const pending = failure(webRequest(`${s.origin}/`, {}, { ...base, signal: ac.signal }));
    while (s.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    expect((await pending).code).toBe('aborted');

    const never: Resolver = () => new Promise(() => {});
    const err = await failure(webRequest('http://slow-dns.test/', {}, { ...base, timeoutMs: 200, resolver: never }));
    expect(err.code).toBe('timeout');
  });
});
