// Tool-call shapes: which keys name the tool and hold its arguments, and how a
// parsed value ({name, arguments}, OpenAI {function: ...}, {tool_calls: [...]},
// flattened arguments) becomes calls against the known tool names.
import { isObject, repairArguments } from './parse';
import { SHAPE } from './types';

const NAME_KEYS = ['name', 'tool', 'tool_name', 'function', 'action'];
const ARG_KEYS = ['arguments', 'parameters', 'args', 'input', 'action_input', 'params'];
// TOOLISH_RE and ARGKEY_RE spell these keys out again: keep them in step.
// Cheap pre-filter, so only call-shaped candidates are parsed: a name key first
// (after at most two scalar keys: {"id": .., "type": "function", "function": ..}),
// or an arguments object first.
export const TOOLISH_RE =
  /^[[{]\s*\{?\s*(?:(?:["'`]?\w+["'`]?\s*:\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.-]+)\s*,\s*){0,2}["'`]?(?:name|tool|tool_name|function|action|tool_calls)["'`]?\s*:|["'`]?(?:arguments|parameters|args)["'`]?\s*:\s*\{)/;
export const ARGKEY_RE = /["'`]?\b(?:arguments|parameters|args|input|action_input|params)\b["'`]?\s*:/;

export function resolveName(name: string, known: string[]): string | undefined {
  if (known.includes(name)) return name;
  // "functions.write_file", "WriteFile", "write-file" all mean write_file.
  const norm = (s: string) => s.toLowerCase().replace(/^functions?[.:]/, '').replace(/[^a-z0-9]/g, '');
  return known.find((k) => norm(k) === norm(name));
}

interface Interpreted {
  calls: { name: string; arguments: Record<string, unknown>; repaired: boolean }[];
  errors: string[];
}

/**
 * Turns a parsed value into calls. `strict` (inside a tool_call tag) means
 * every object is a call; in free text an unknown name only counts as an
 * attempted call when an arguments key is present.
 */
export function interpret(value: unknown, known: string[], strict: boolean): Interpreted {
  const out: Interpreted = { calls: [], errors: [] };
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isObject(v)) return;
    if (Array.isArray(v.tool_calls)) return v.tool_calls.forEach(visit);
    let obj = v;
    if (isObject(v.function)) obj = { ...v.function }; // OpenAI: {type, function: {name, arguments}}
    const nameKey = NAME_KEYS.find((k) => typeof obj[k] === 'string');
    if (!nameKey) return;
    const argKey = ARG_KEYS.find((k) => k in obj);
    const rawName = obj[nameKey] as string;
    const name = resolveName(rawName, known);
    if (!name) {
      if (strict || argKey) {
        out.errors.push(
          `"${rawName}" is not an available tool. Available tools: ${known.join(', ')}. Call one as ${SHAPE}.`,
        );
      }
      return;
    }
    // Flattened when there is no arguments key: {"name": "read_file", "path": "a.py"}.
    const rest = Object.entries(obj).filter(([k]) => !NAME_KEYS.includes(k) && k !== 'type' && k !== 'id');
    if (!argKey && rest.some(([k]) => !/^[A-Za-z_][\w-]*$/.test(k))) {
      // Keys like "<tool_call>" are repaired junk, not parameters.
      out.errors.push(`The call to "${name}" has no readable arguments. Call it as ${SHAPE}.`);
      return;
    }
    const args = argKey ? obj[argKey] : Object.fromEntries(rest);
    // An echoed tool definition ({name, description, parameters: {type: "object", properties}}) is not a call.
    if (isObject(args) && args.type === 'object' && isObject(args.properties)) return;
    const fixed = repairArguments(args);
    if (!fixed.ok) out.errors.push(`Arguments for "${name}": ${fixed.error}`);
    else out.calls.push({ name, arguments: fixed.value, repaired: fixed.repaired });
  };
  visit(value);
  return out;
}
