// The one HTTP client for web tools: node:http/https with a `lookup` pinned to
// the address the guard checked, redirects followed by hand (each hop checked
// again, at most 5), one deadline for the whole exchange, and a byte cap on
// the (decompressed) body so a huge or endless page cannot exhaust memory.
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { checkTarget, WebError, type GuardOptions, type Target } from './guard';

export const MAX_REDIRECTS = 5;
export const USER_AGENT = 'Mozilla/5.0 (compatible; code-assistant/0.1; +local)';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent to the first origin only: a redirect elsewhere must not carry the API key.
const ORIGIN_BOUND_HEADERS = ['x-api-key', 'authorization', 'cookie'];

export interface WebOptions extends GuardOptions {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface WebResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  redirects: string[];
  body: Buffer;
  /** The body was cut at `maxBytes`. */
  truncated: boolean;
}

/** Accept or reject a response from its status and headers, before any body is read. */
export type HeaderCheck = (res: Omit<WebResponse, 'body' | 'truncated'>) => void;

function pinnedLookup(t: Target): LookupFunction {
  // net asks with { all: true } when it may try several addresses (autoSelectFamily).
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options?.all) cb(null, [{ address: t.address, family: t.family }]);
    else cb(null, t.address, t.family);
  }) as unknown as LookupFunction;
}

function send(t: Target, spec: RequestSpec, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = t.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      ...spec.headers,
    };
    if (spec.body !== undefined) headers['content-length'] = String(Buffer.byteLength(spec.body));
    // agent: false = a fresh socket per request, never a pooled one opened for another pin.
    const req = mod.request(t.url, { method: spec.method ?? 'GET', headers, agent: false, lookup: pinnedLookup(t), signal }, resolve);
    req.on('error', reject);
    req.end(spec.body);
  });
}

function decoded(res: IncomingMessage): Readable {
  const enc = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const z = enc === 'gzip' || enc === 'x-gzip' ? zlib.createGunzip() : enc === 'deflate' ? zlib.createInflate() : enc === 'br' ? zlib.createBrotliDecompress() : null;
  return z ? pipeline(res, z, () => {}) : res;
}

async function readCapped(res: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const stream = decoded(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break; // stop reading: the rest is never downloaded
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    stream.destroy();
    res.destroy();
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

function networkError(e: unknown, t: Target): WebError {
  if (e instanceof WebError) return e;
  const err = e as NodeJS.ErrnoException;
  const where = `${t.host}:${t.url.port || (t.url.protocol === 'https:' ? 443 : 80)}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return new WebError('network', `Connection refused by ${where} (nothing is listening there).`);
    case 'ECONNRESET':
      return new WebError('network', `${where} closed the connection before answering.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new WebError('network', `${where} is unreachable from this machine (no network route).`);
  }
  if (/^Z_|BROTLI|_ERROR_FORMAT_/.test(err.code ?? '')) {
    return new WebError('network', `${t.url.href} sent a body that could not be decompressed (${err.code}).`);
  }
  if (err.code?.startsWith('ERR_TLS') || /CERT|SSL|self.signed/i.test(`${err.code} ${err.message}`)) {
    return new WebError('network', `TLS problem with ${where}: ${err.message}. The certificate may be invalid or expired.`);
  }
  return new WebError('network', `Request to ${t.url.href} failed: ${err.message}`);
}

/**
 * Fetch `url` through the guard. `check` sees status and headers first and may
 * throw (e.g. for a content type nobody can read) before the body is read.
 */
export async function webRequest(url: string | URL, spec: RequestSpec, opts: WebOptions, check?: HeaderCheck): Promise<WebResponse> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const seconds = Math.round(opts.timeoutMs / 100) / 10;
  const stopped = () =>
    timeout.aborted
      ? new WebError('timeout', `Timed out after ${seconds} s waiting for ${String(url)} (web_timeout_seconds).`)
      : new WebError('aborted', 'Stopped.');

  let current: string | URL = url;
  let req: RequestSpec = spec;
  const redirects: string[] = [];
  for (;;) {
    if (signal.aborted) throw stopped();
    // DNS lookups cannot be cancelled, but the deadline must not wait for one.
    const target = await untilAborted(checkTarget(current, opts), signal, stopped);
    let res: IncomingMessage;
    try {
      res = await send(target, req, signal);
    } catch (e) {
      throw signal.aborted ? stopped() : networkError(e, target);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      res.destroy();
      if (redirects.length >= MAX_REDIRECTS) {
        throw new WebError('redirects', `Too many redirects (more than ${MAX_REDIRECTS}) starting at ${String(url)}; last: ${target.url.href}.`);
      }
      let next: URL;
      try {
        next = new URL(location, target.url);
      } catch {
        throw new WebError('network', `${target.url.href} redirected to an invalid address: ${location.slice(0, 200)}`);
      }
      req = redirectedSpec(req, status, target.url, next);
      redirects.push(next.href);
      current = next;
      continue;
    }
    const head = { url: target.url.href, status, statusText: res.statusMessage ?? '', headers: res.headers, redirects };
    try {
      check?.(head);
    } catch (e) {
      res.destroy();
      throw e;
    }
    try {
      const { body, truncated } = await readCapped(res, opts.maxBytes);
      return { ...head, body, truncated };
    } catch (e) {
      throw signal.aborted ? stopped() : networkError(e, target);
    }
  }
}

function untilAborted<T>(p: Promise<T>, signal: AbortSignal, stopped: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** 303 (and 301/302 after POST, as browsers do) turn into GET; other origins lose credentials. */
function redirectedSpec(spec: RequestSpec, status: number, from: URL, to: URL): RequestSpec {
  const toGet = status === 303 || ((status === 301 || status === 302) && spec.method === 'POST');
  const headers = { ...spec.headers };
  if (toGet) for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
  if (from.origin !== to.origin) {
    for (const k of Object.keys(headers)) if (ORIGIN_BOUND_HEADERS.includes(k.toLowerCase())) delete headers[k];
  }
  return toGet ? { method: 'GET', headers } : { ...spec, headers };
}
