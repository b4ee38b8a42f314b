// Structured output from small models: ask with Ollama's `format` (a JSON
// schema), repair what comes back (jsonrepair), retry once with the error,
// and if it is still unusable fall back to the plain text with a warning.
// Never throws for bad JSON: a pipeline must not die on a missing brace.
import { jsonrepair } from 'jsonrepair';
import { z } from 'zod';
import { agent, type PhaseEnv } from './env';

export type Parsed<T> = { value: T; repaired: boolean } | { error: string };

/** JSON text -> validated value; repairs fences, trailing commas, single quotes and the like. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>, normalise: (raw: unknown) => unknown = (x) => x): Parsed<T> {
  let raw: unknown;
  let repaired = false;
  try {
    raw = JSON.parse(text);
  } catch {
    try {
      raw = JSON.parse(jsonrepair(text));
      repaired = true;
      // jsonrepair turns prose into a quoted string: that was never JSON.
      if (raw === null || typeof raw !== 'object') return { error: 'the reply is not JSON' };
    } catch {
      return { error: 'the reply is not JSON' };
    }
  }
  const r = schema.safeParse(normalise(raw));
  if (!r.success) {
    const issue = r.error.issues[0];
    return { error: `${issue?.path.join('.') || 'reply'}: ${issue?.message ?? 'does not match the schema'}` };
  }
  return { value: r.data, repaired };
}

/** Ollama's `format`: the schema as JSON Schema, without the $schema key it does not need. */
export function formatFor(schema: z.ZodType): object {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export interface StructuredCall<T> {
  prompt: string;
  user: string;
  schema: z.ZodType<T>;
  /** The JSON schema sent as `format` (default: derived from `schema`). */
  format?: object;
  normalise?: (raw: unknown) => unknown;
  /** What it is, for warnings: "acceptance criteria". */
  what: string;
}

export type Structured<T> = { value: T } | { fallbackText: string };

export async function structured<T>(env: PhaseEnv, call: StructuredCall<T>): Promise<Structured<T>> {
  const format = call.format ?? formatFor(call.schema);
  const first = await agent(env, { prompt: call.prompt, user: call.user, format });
  const a = parseStructured(first, call.schema, call.normalise);
  if ('value' in a) {
    if (a.repaired) env.ctx.emit({ type: 'warning', code: 'json_repaired', message: `The ${call.what} were not valid JSON; they were repaired.` });
    return { value: a.value };
  }
  env.ctx.emit({ type: 'warning', code: 'json_invalid', message: `The ${call.what} were not usable JSON (${a.error}); asking once more.` });
  const second = await agent(env, {
    prompt: call.prompt,
    history: [{ role: 'user', content: call.user }, { role: 'assistant', content: first }],
    user: `That reply could not be used: ${a.error}. Answer again with only the JSON object the schema asks for, nothing else.`,
    format,
  });
  const b = parseStructured(second, call.schema, call.normalise);
  if ('value' in b) return { value: b.value };
  env.ctx.emit({
    type: 'warning',
    code: 'structured_fallback',
    message: `The ${call.what} were still not usable JSON after a retry (${b.error}); continuing with the model's plain text.`,
  });
  return { fallbackText: (second.trim() ? second : first).trim() };
}
