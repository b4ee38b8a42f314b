import { describe, expect, it } from 'vitest';
import { checkRequest, isLoopbackHost, MAX_BODY_BYTES, parseHost } from '../lib/security/request-guard';

const h = (o: Record<string, string>) => new Headers(o);
const APP = 'http://127.0.0.1:3000';
/** A POST as the app's own page sends it: its Origin, a JSON body. */
const own = (extra: Record<string, string> = {}) => h({ host: '127.0.0.1:3000', origin: APP, 'content-type': 'application/json', 'content-length': '2', ...extra });

describe('request guard: Host (DNS rebinding)', () => {
  it('accepts loopback Host names with and without port', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'localhost', '[::1]:3000', '[::1]', '[0:0:0:0:0:0:0:1]:3000', '127.0.0.2', 'app.localhost:3000', 'LOCALHOST:3000', '[::ffff:127.0.0.1]:3000']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('refuses a rebinding Host (foreign name pointing at 127.0.0.1)', () => {
    for (const host of ['evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.5:3000', '', '127.0.0.256', '0x7f.0.0.1', '2130706433']) {
      const v = checkRequest('GET', h({ host }));
      expect(v.ok, host).toBe(false);
      expect(v.status).toBe(403);
    }
    expect(checkRequest('GET', new Headers()).ok).toBe(false);
  });

  it('parses bracketed IPv6 exactly', () => {
    // Unbracketed IPv6 is not a Host; nothing may follow the bracket but a port.
    for (const host of ['::1:3000', '::1', '[::1]evil', '[::1]:3000x', '[::1]:', '[::1]:99999', '[::1]:0', '[::1', '[::2]:3000', '[::ffff:10.0.0.1]:3000', '[fe80::1]', '[::1]]:3000', '[::1] :3000', 'localhost:3000:3000', 'localhost:']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
    expect(parseHost('[0:0::1]:3000')).toEqual({ name: '[::1]', port: '3000' });
    expect(parseHost('[::1]')).toEqual({ name: '[::1]', port: '' });
  });
});

describe('request guard: Origin (CSRF)', () => {
  it('refuses state changes from a foreign Origin but allows reads', () => {
    expect(checkRequest('POST', own({ origin: 'https://evil.example' }))).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest('POST', own({ origin: 'null' }))).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest('DELETE', own({ origin: 'http://localhost.evil.example' }))).toMatchObject({ ok: false });
    expect(checkRequest('GET', h({ host: '127.0.0.1:3000', origin: 'https://evil.example' }))).toMatchObject({ ok: true });
  });

  it('refuses a POST from another localhost port, another loopback name or another scheme', () => {
    for (const origin of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://127.0.0.1', 'http://localhost:3000', 'https://127.0.0.1:3000', 'http://[::1]:3000', 'http://127.0.0.2:3000']) {
      const v = checkRequest('POST', own({ origin }));
      expect(v, origin).toMatchObject({ ok: false, status: 403 });
      expect(v.reason).toContain(`only ${APP} may`);
    }
  });

  it('refuses a state change that says nothing of where it comes from', () => {
    const v = checkRequest('POST', h({ host: '127.0.0.1:3000', 'content-type': 'application/json', 'content-length': '2' }));
    expect(v).toMatchObject({ ok: false, status: 403 });
    expect(v.reason).toContain('Origin: http://127.0.0.1:3000');
    expect(checkRequest('PATCH', h({ host: 'localhost:3000' })).ok).toBe(false);
  });

  it('accepts the exact own origin, or a same-origin Referer when Origin is absent', () => {
    expect(checkRequest('POST', own()).ok).toBe(true);
    expect(checkRequest('POST', own({ host: 'localhost:3000', origin: 'http://localhost:3000' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: 'LocalHost:3000', origin: 'http://localhost:3000' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: '[::1]:3000', origin: 'http://[::1]:3000' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: '[0:0::1]:3000', origin: 'http://[::1]:3000' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: 'localhost', origin: 'http://localhost' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: 'localhost:80', origin: 'http://localhost' })).ok).toBe(true);
    expect(checkRequest('POST', own({ host: 'localhost:443', origin: 'https://localhost' }), [], { scheme: 'https:' }).ok).toBe(true);
    const noOrigin = h({ host: '127.0.0.1:3000', referer: `${APP}/sessions/1`, 'content-type': 'application/json', 'content-length': '2' });
    expect(checkRequest('POST', noOrigin).ok).toBe(true);
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', referer: 'http://localhost:8080/x' }))).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', referer: 'not a url' }))).toMatchObject({ ok: false, status: 403 });
  });

  it('honours extra host names configured for a user proxy (either scheme, exact port)', () => {
    const proxied = (origin: string) => h({ host: 'dev.box:8443', origin, 'content-type': 'application/json', 'content-length': '2' });
    expect(checkRequest('POST', proxied('https://dev.box:8443'), ['dev.box']).ok).toBe(true);
    expect(checkRequest('POST', proxied('https://dev.box:9000'), ['dev.box']).ok).toBe(false);
    expect(checkRequest('POST', proxied('https://dev.box:8443')).ok).toBe(false);
  });
});

describe('request guard: bodies', () => {
  it('refuses text/plain and form "simple requests" (no preflight) with 415', () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers = own({ 'content-type': type });
      if (!type) headers.delete('content-type');
      const v = checkRequest('POST', headers, [], { pathname: '/api/sessions/1/turns' });
      expect(v, type).toMatchObject({ ok: false, status: 415 });
      expect(v.reason).toContain('application/json');
    }
  });

  it('takes JSON anywhere, multipart only on the upload route, and bodiless POSTs', () => {
    expect(checkRequest('POST', own({ 'content-type': 'application/json; charset=utf-8' })).ok).toBe(true);
    expect(checkRequest('POST', own({ 'content-type': 'multipart/form-data; boundary=x' }), [], { pathname: '/api/pipelines' }).ok).toBe(true);
    expect(checkRequest('PATCH', own({ 'content-type': 'multipart/form-data; boundary=x' }), [], { pathname: '/api/pipelines' }).ok).toBe(false);
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: APP, 'content-length': '0' })).ok).toBe(true);
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: APP })).ok).toBe(true);
    expect(checkRequest('POST', h({ host: '127.0.0.1:3000', origin: APP, 'transfer-encoding': 'chunked', 'content-type': 'text/plain' }))).toMatchObject({ status: 415 });
  });

  it('refuses a declared body over the cap with 413, before the type', () => {
    const v = checkRequest('POST', own({ 'content-length': String(MAX_BODY_BYTES + 1), 'content-type': 'text/plain' }));
    expect(v).toMatchObject({ ok: false, status: 413 });
    expect(v.reason).toContain('limit');
  });
});
