// A small Node client for talking to a running app server (the CLI, tests,
// benchmarks). The server refuses state changes without its own Origin and
// bodies that are not JSON, so every request here says both.

export interface AppRequestOptions {
  method?: string;
  /** Sent as the JSON body (Content-Type: application/json). */
  json?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** The app's own origin for a base URL such as http://127.0.0.1:3000/ (no path, no trailing slash). */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

/**
 * fetch() against the app at `baseUrl` with the headers its request guard
 * expects: `Origin: <baseUrl's origin>`, and `Content-Type: application/json`
 * when a body is sent. Returns the raw Response (streams stay streams).
 */
export function appRequest(baseUrl: string, path: string, opts: AppRequestOptions = {}): Promise<Response> {
  const origin = originOf(baseUrl);
  const headers: Record<string, string> = { Origin: origin, ...opts.headers };
  const init: RequestInit = { method: opts.method ?? (opts.json === undefined ? 'GET' : 'POST'), headers, signal: opts.signal };
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.json);
  }
  return fetch(new URL(path, origin + '/'), init);
}

/** appRequest + JSON answer; a non-2xx answer throws with the server's `error` text. */
export async function appJson<T = unknown>(baseUrl: string, path: string, opts: AppRequestOptions = {}): Promise<T> {
  const res = await appRequest(baseUrl, path, opts);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: reported below if the status is bad */
  }
  if (!res.ok) {
    const msg = (data as { error?: string } | null)?.error ?? (text.slice(0, 200) || res.statusText);
    throw new AppRequestError(`${res.status} from ${path}: ${msg}`, res.status, data);
  }
  return data as T;
}

export class AppRequestError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}
