// Request bodies and query strings through zod: a client mistake is a 400
// naming the field and the reason (`"path": expected string, got number`),
// an oversized body a 413, never a cast and never a 500.
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../security/request-guard';
import { HttpError } from './respond';

const kb = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/** What a JSON value is, in the words of an error message. */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function at(value: unknown, path: PropertyKey[]): unknown {
  let v = value;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** One line per problem, field first: `"workspaceId": expected string, got object`. */
export function describeIssues(error: z.ZodError, input: unknown, what = 'The request body'): string {
  const lines = error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.length ? `"${issue.path.map(String).join('.')}"` : what;
    if (issue.code === 'invalid_type') {
      const got = at(input, issue.path);
      if (got === undefined && issue.path.length) return `${field} is required (expected ${issue.expected})`;
      return `${field}: expected ${issue.path.length ? issue.expected : `a JSON ${issue.expected}`}, got ${typeName(got)}`;
    }
    return `${field}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${lines.join('; ')}${more}.`;
}

/** Reads at most `maxBytes` of the body; more is a 413 (Content-Length is checked before reading). */
export async function readBody(req: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const tooBig = (n: number | string) => new HttpError(`The request body is ${typeof n === 'number' ? kb(n) : n}; the limit here is ${kb(maxBytes)}.`, 413);
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw tooBig(declared);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooBig(`over ${kb(maxBytes)}`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export interface ParseOptions {
  /** Body size cap in bytes (default MAX_BODY_BYTES). */
  maxBytes?: number;
}

/**
 * The body as JSON, checked by `schema`. An empty body counts as `{}` so
 * optional-only bodies (cancel, revert) need none.
 */
export async function parseJson<S extends z.ZodType>(req: Request, schema: S, opts: ParseOptions = {}): Promise<z.infer<S>> {
  const text = await readBody(req, opts.maxBytes);
  let value: unknown = {};
  if (text.trim()) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new HttpError(`The request body is not valid JSON (${(e as Error).message}). Send a JSON object with Content-Type: application/json.`, 400);
    }
  }
  return check(schema, value, 'The request body');
}

/** Query parameters (each a string; the first of repeated ones) checked by `schema`. */
export function parseQuery<S extends z.ZodType>(url: string | URL, schema: S): z.infer<S> {
  const params = new URL(url).searchParams;
  const value: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in value)) value[k] = v;
  return check(schema, value, 'The query');
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(describeIssues(r.error, value, what), 400);
  return r.data;
}

/** Route parameters and ids: a non-empty string of sane length (a uuid, a slug). */
export const id = z.string().trim().min(1, 'must not be empty').max(200, 'is too long for an id');
/** A query number such as `line=13`: digits only, no `1e3` or `0x10`. */
export const queryInt = z.string().regex(/^\d{1,9}$/, 'expected a whole number').transform(Number);
