// Small helpers that keep route handlers thin. Plain Web Request/Response:
// nothing here depends on Next.
export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { 'Cache-Control': 'no-store' } });
}

export function fail(message: string, status = 400): Response {
  return json({ error: message }, status);
}

/** Parses a JSON body; a malformed one becomes a 400 with a readable message. */
export async function body<T>(req: Request): Promise<T> {
  try {
    return (await req.json()) as T;
  } catch {
    throw new HttpError('The request body must be JSON.', 400);
  }
}

export class HttpError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

export async function handle(fn: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { status?: number; message?: string };
    if (typeof e?.status === 'number') return fail(e.message ?? 'error', e.status);
    console.error(err);
    return fail(e?.message ?? String(err), 500);
  }
}
