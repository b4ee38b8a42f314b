// A tool's arguments are declared once, as a zod object: the model reads its
// JSON schema (z.toJSONSchema, trimmed to what Ollama and small models expect),
// runTool parses the model's arguments with it, and `run` is typed from it.
// Small models send "5" for 5, "true" for true and null for "not given", so
// values are gently coerced against the schema first, and every failure is one
// sentence naming the argument, what it must be, what came, and the shape.
import { z } from 'zod';
import type { JsonSchemaObject, Tool, ToolContext, ToolResult } from './types';

export interface ToolDefinition<S extends z.ZodObject> {
  name: string;
  /** What the model reads to choose the tool: say what it does and show an example call. */
  description: string;
  /** The arguments: `.describe()` each property (the model reads it), `.optional()` what may be left out. */
  args: S;
  run(args: z.output<S>, ctx: ToolContext): Promise<ToolResult>;
}

export function defineTool<S extends z.ZodObject>(def: ToolDefinition<S>): Tool<z.output<S>> {
  // S parses to z.output<S> by definition; TypeScript cannot see it through the generic.
  const args = def.args as unknown as z.ZodType<z.output<S>>;
  return { name: def.name, description: def.description, parameters: modelSchema(def.args), args, run: def.run };
}

interface PropSchema {
  type?: string;
  enum?: unknown[];
  items?: PropSchema;
  properties?: Record<string, PropSchema>;
  description?: string;
  [key: string]: unknown;
}

/** The JSON schema sent to the model: type, properties, required; no `$schema` or `additionalProperties`. */
export function modelSchema(args: z.ZodObject): JsonSchemaObject {
  // 'input': what the model may send (a defaulted property is optional to it).
  const js = z.toJSONSchema(args, { io: 'input' }) as { properties?: Record<string, PropSchema>; required?: string[] };
  const properties = Object.fromEntries(Object.entries(js.properties ?? {}).map(([k, p]) => [k, tidy(p)]));
  return { type: 'object', properties, required: js.required ?? [] };
}

/** z.int()'s safe-integer bounds are noise to a model; the description reads best last. */
function tidy(p: PropSchema): PropSchema {
  const { description, minimum, maximum, ...rest } = p;
  const out: PropSchema = { ...rest };
  if (minimum !== undefined && minimum !== Number.MIN_SAFE_INTEGER) out.minimum = minimum;
  if (maximum !== undefined && maximum !== Number.MAX_SAFE_INTEGER) out.maximum = maximum;
  if (out.items) out.items = tidy(out.items);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, tidy(v)]));
  if (description !== undefined) out.description = description;
  return out;
}

/** `{"path": string, "offset"?: integer}`: the shape a model should send. */
export function expectedShape(tool: Tool<any>): string {
  const req = new Set(tool.parameters.required ?? []);
  const parts = Object.entries(tool.parameters.properties).map(([k, v]) => {
    const p = v as PropSchema;
    const t = p.enum ? p.enum.map((e) => JSON.stringify(e)).join(' | ') : p.type === 'array' ? `${p.items?.type ?? 'any'}[]` : p.type ?? 'any';
    return `"${k}"${req.has(k) ? '' : '?'}: ${t}`;
  });
  return `{${parts.join(', ')}}`;
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** "5" -> 5, 5 -> "5", "true" -> true; anything else is left for the schema to refuse. */
function coerce(v: unknown, type: string | undefined): unknown {
  switch (type) {
    case 'string':
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    case 'integer':
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isFinite(n) ? n : v;
    }
    case 'boolean':
      return v === 'true' ? true : v === 'false' ? false : v;
  }
  return v;
}

const WANT: Record<string, string> = { string: 'a string', integer: 'an integer', int: 'an integer', number: 'a number', boolean: 'true or false', array: 'an array', object: 'an object' };
const PLURAL: Record<string, string> = { string: 'strings', integer: 'integers', int: 'integers', number: 'numbers', boolean: 'booleans', object: 'objects' };

/** One issue as the model should read it; `v` is the value as the model sent it. */
function explain(issue: z.core.$ZodIssue, name: string, v: unknown, p: PropSchema = {}): string {
  const arg = `argument "${name}"`;
  const got = `got ${typeName(v)} ${JSON.stringify(v)?.slice(0, 60)}`;
  const nested = issue.path.length > 1;
  switch (issue.code) {
    case 'invalid_type': {
      if (!nested) return `${arg} must be ${WANT[p.type ?? issue.expected] ?? WANT[issue.expected] ?? issue.expected}, ${got}`;
      const each = PLURAL[p.items?.type ?? issue.expected];
      if (issue.path.length === 2 && p.type === 'array' && each) return `${arg} must be an array of ${each}, ${got}`;
      break;
    }
    case 'invalid_value':
      if (!nested) return `${arg} must be one of ${issue.values.map((e) => JSON.stringify(e)).join(', ')}`;
      break;
    case 'too_big':
    case 'too_small': {
      if (nested) break;
      const big = issue.code === 'too_big';
      const bound = big ? issue.maximum : issue.minimum;
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      const subject = unit ? `${arg} must have at ${big ? 'most' : 'least'} ${bound}${unit}` : `${arg} must be at ${big ? 'most' : 'least'} ${bound}`;
      return `${subject}, ${got}`;
    }
  }
  const where = nested ? ` (at ${issue.path.slice(1).join('.')})` : '';
  return `${arg}${where}: ${issue.message}`;
}

// Tools described by a JSON schema alone (no zod `args`) are checked against it all the same.
const fromJson = new WeakMap<Tool<any>, z.ZodType>();
function parserOf(tool: Tool<any>): z.ZodType {
  if (tool.args) return tool.args;
  let s = fromJson.get(tool);
  if (!s) {
    try {
      s = z.fromJSONSchema(tool.parameters as z.core.JSONSchema.JSONSchema);
    } catch {
      s = z.looseObject({});
    }
    fromJson.set(tool, s);
  }
  return s;
}

/** Parse raw model arguments (an object or its JSON text) for a tool; never throws. */
export function validateArgs(tool: Tool<any>, raw: unknown): { args?: Record<string, unknown>; error?: string } {
  const fail = (msg: string) => ({ error: `Invalid arguments for ${tool.name}: ${msg}. Expected: ${expectedShape(tool)}` });
  let input = raw ?? {};
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch {
      return fail('arguments are not valid JSON');
    }
  }
  if (typeName(input) !== 'object') return fail(`arguments must be a JSON object, got ${typeName(input)}`);
  const props = tool.parameters.properties as Record<string, PropSchema>;
  const sent: Record<string, unknown> = {};
  const coerced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === null || v === undefined) continue; // models often send null for an optional argument
    // JSON.parse keeps "__proto__" as a key; assigning it would let its object supply missing arguments.
    if (k === '__proto__') continue;
    sent[k] = v;
    coerced[k] = coerce(v, props[k]?.type);
  }
  const parsed = parserOf(tool).safeParse(coerced);
  if (parsed.success) return { args: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0];
  const key = issue.path[0];
  if (key === undefined) return fail(issue.message);
  const name = String(key);
  if (sent[name] === undefined) return fail(`missing required argument "${name}"`);
  return fail(explain(issue, name, sent[name], props[name]));
}
