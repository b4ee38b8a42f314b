// Small helpers that keep route handlers thin. Plain Web Request/Response:
// nothing here depends on Next. Bodies and queries are read with
// lib/http/parse.ts (zod), which throws HttpError for client mistakes.
import { ZodError } from 'zod';

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function fail(message: string, status = 400): Response {
  return json({ error: message }, status);
}

export class HttpError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

// Filesystem errors a request can cause by naming the wrong thing.
const ERRNO: Record<string, [number, string]> = {
  ENOENT: [404, 'No such file or folder.'],
  ENOTDIR: [400, 'A part of that path is a file, not a folder.'],
  EISDIR: [400, 'That path is a folder, not a file.'],
  ENAMETOOLONG: [400, 'That path is too long.'],
  ELOOP: [400, 'That path loops through symbolic links.'],
};

/** Runs a handler; client mistakes keep their 4xx, only real faults become a 500 (and are logged). */
export async function handle(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { status?: unknown; code?: unknown; message?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 600) return fail(e.message || 'error', e.status);
    if (err instanceof ZodError) return fail(err.issues.map((i) => `${i.path.length ? `"${i.path.join('.')}": ` : ''}${i.message}`).join('; '), 400);
    if (typeof e?.code === 'string' && ERRNO[e.code]) return fail(ERRNO[e.code][1], ERRNO[e.code][0]);
    console.error(err);
    return fail(`Internal error: ${e?.message ?? String(err)}`, 500);
  }
}
