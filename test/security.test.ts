import { describe, expect, it } from 'vitest';
import { checkRequest, isLoopbackHost } from '../lib/security/request-guard';

const h = (o: Record<string, string>) => new Headers(o);

describe('request guard', () => {
  it('accepts loopback Host names with and without port', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'localhost', '[::1]:3000', '127.0.0.2', 'app.localhost:3000']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('refuses a rebinding Host (foreign name pointing at 127.0.0.1)', () => {
    for (const host of ['evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.5:3000', '']) {
      const v = checkRequest('GET', h({ host }));
      expect(v.ok, host).toBe(false);
    }
    expect(checkRequest('GET', new Headers()).ok).toBe(false);
  });

  it('refuses state changes from a foreign Origin but allows reads', () => {
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))).toMatchObject({ ok: false });
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: 'null' }))).toMatchObject({ ok: false });
    expect(checkRequest('DELETE', h({ host: '127.0.0.1:3000', origin: 'http://localhost.evil.example' }))).toMatchObject({ ok: false });
    expect(checkRequest('GET', h({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))).toMatchObject({ ok: true });
  });

  it('allows same-machine origins and clients that send no Origin', () => {
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' })).ok).toBe(true);
    expect(checkRequest('POST', h({ host: 'localhost:3000', origin: 'http://localhost:3000' })).ok).toBe(true);
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000' })).ok).toBe(true); // curl, scripts
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' })).ok).toBe(false);
  });

  it('honours extra host names configured for a user proxy', () => {
    expect(checkRequest('POST', h({ host: 'dev.box:8443', origin: 'https://dev.box:8443' }), ['dev.box']).ok).toBe(true);
  });
});
