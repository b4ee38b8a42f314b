// Parsing with escalating repairs: plain JSON, a closed cut-off value,
// jsonrepair, then salvaging code strings with unescaped quotes. Failures
// become precise messages for the model instead of silent drops.
import { jsonrepair } from 'jsonrepair';
import { scanBalanced, type Scan } from './scanner';
import { SHAPE } from './types';

export type Parsed = { ok: true; value: unknown; repaired: boolean; end?: number } | { ok: false; error: string };

function where(raw: string, pos: number): string {
  const before = raw.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  const lead = raw.slice(Math.max(0, pos - 40), pos + 1).replace(/\n/g, '\\n');
  return `line ${line}, column ${col}: \`${pos > 40 ? '…' : ''}${lead}\` <- here`;
}

function cutOffError(raw: string): string {
  const name = /["']?(?:name|function|tool)["']?\s*:\s*["']([\w.-]+)/.exec(raw)?.[1];
  const keys = [...raw.matchAll(/["']([\w-]+)["']\s*:\s*["'`]/g)];
  const key = keys.at(-1)?.[1];
  return (
    `Your ${name ? `"${name}" ` : ''}tool call was cut off${key ? ` inside the "${key}" string` : ''}: ` +
    'the reply ended before the JSON was closed, so nothing was run. ' +
    `Send the complete call again as ${SHAPE}; if the content is long, write a shorter file first and extend it afterwards.`
  );
}

/** JSON-style escapes decoded; raw newlines and unescaped quotes are kept as written. */
function decodeLoose(s: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
  return s.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (simple[e] ?? e),
  );
}

// Keys that carry code, the one big string of a write or edit call.
const CODE_KEYS = 'content|code|new|new_text|new_string|text|body|replacement';

/**
 * Last resort for the commonest broken call: code with unescaped quotes in
 * its one big string ("content": "print("hi")\n"). Everything from that key's
 * opening quote to the last `"}}` is taken as the string, provided no second
 * code key follows (ambiguous) and nothing but a fence or tag close comes after
 * (otherwise the call may have been cut off and the file would be partial).
 */
function salvageCodeString(raw: string): { value: unknown; end: number } | null {
  const key = new RegExp(`"(?:${CODE_KEYS})"\\s*:\\s*"`).exec(raw);
  if (!key) return null;
  const bodyStart = key.index + key[0].length;
  const close = [...raw.slice(bodyStart).matchAll(/"\s*\}\s*\}/g)].at(-1);
  if (!close) return null;
  const end = bodyStart + close.index + close[0].length;
  if (!/^\s*(?:(?:```|~~~)\s*)?(?:<\/tool_call>[\s\S]*)?$/.test(raw.slice(end))) return null;
  let body = raw.slice(bodyStart, bodyStart + close.index);
  if (/^""[\s\S]*""$/.test(body)) body = body.slice(2, -2); // """...""" holding more triple quotes
  if (new RegExp(`"\\s*,\\s*"(?:${CODE_KEYS})"\\s*:`).test(body)) return null;
  const text = raw.slice(0, bodyStart - 1) + JSON.stringify(decodeLoose(body)) + close[0].slice(1);
  try {
    return { value: JSON.parse(jsonrepair(text)), end };
  } catch {
    return null;
  }
}

/**
 * JSON.parse, then closing a cut-off value, then jsonrepair, then the code
 * string salvage; a precise error for the model otherwise.
 */
export function parseLoose(raw: string, scan: Scan): Parsed {
  if (!scan.closed && scan.inString) {
    const salvaged = salvageCodeString(raw);
    return salvaged ? { ok: true, repaired: true, ...salvaged } : { ok: false, error: cutOffError(raw) };
  }
  const text = raw + scan.closers;
  try {
    return { ok: true, value: JSON.parse(text), repaired: scan.closers !== '' };
  } catch {
    // fall through to the repairs
  }
  // Python-style """triple-quoted""" code: jsonrepair would turn it into "".
  const tripled = text.replace(/"""([\s\S]*?)"""/g, (_, body: string) => JSON.stringify(decodeLoose(body)));
  try {
    return { ok: true, value: JSON.parse(jsonrepair(tripled)), repaired: true };
  } catch (e) {
    const salvaged = salvageCodeString(raw);
    if (salvaged) return { ok: true, repaired: true, ...salvaged };
    const pos = typeof (e as { position?: unknown }).position === 'number' ? (e as { position: number }).position : -1;
    const what = (e instanceof Error ? e.message : String(e)).replace(/ at position \d+$/, '');
    return {
      ok: false,
      error:
        `Your tool call is not valid JSON and could not be repaired: ${what}` +
        (pos >= 0 ? ` at ${where(tripled, pos)}` : '') +
        `. Nothing was run. Send exactly ${SHAPE}, with double-quoted keys and strings, ` +
        'quotes inside strings escaped as \\" and newlines as \\n.',
    };
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * For native tool_calls whose arguments arrive as a string (possibly broken
 * JSON, or JSON encoded twice). null/empty means no arguments.
 */
export function repairArguments(
  raw: unknown,
): { ok: true; value: Record<string, unknown>; repaired: boolean } | { ok: false; error: string } {
  const expect = 'Arguments must be one JSON object, e.g. {"path": "src/main.rs"}';
  if (raw === null || raw === undefined) return { ok: true, value: {}, repaired: false };
  if (isObject(raw)) return { ok: true, value: raw, repaired: false };
  if (typeof raw !== 'string') return { ok: false, error: `${expect}; got ${Array.isArray(raw) ? 'an array' : typeof raw}.` };
  const text = raw.trim();
  if (text === '') return { ok: true, value: {}, repaired: false };
  if (text.startsWith('"')) {
    // Encoded twice: a JSON string holding the JSON object.
    let inner: unknown;
    try {
      inner = JSON.parse(text);
    } catch {
      inner = null;
    }
    if (typeof inner === 'string') {
      const r = repairArguments(inner);
      return r.ok ? { ...r, repaired: true } : r;
    }
  }
  const start = text.indexOf('{');
  if (start < 0) return { ok: false, error: `${expect}; got ${JSON.stringify(text.slice(0, 60))}.` };
  const scan = scanBalanced(text, start);
  const parsed = parseLoose(text.slice(start, scan.end), scan);
  if (!parsed.ok) return parsed;
  if (!isObject(parsed.value)) return { ok: false, error: `${expect}.` };
  // Text dropped around the object (a ```json fence, a remark) also counts as a repair.
  return { ok: true, value: parsed.value, repaired: parsed.repaired || start > 0 || scan.end < text.length };
}
