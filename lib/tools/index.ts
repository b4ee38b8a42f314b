// The tool registry and the one entry point the agent loop uses: runTool
// checks the model's arguments against each tool's schema and turns every
// failure into a ToolResult the model can act on. It never throws.
import { closest } from 'fastest-levenshtein';
import type { JsonSchemaObject, Tool, ToolContext, ToolResult } from './types';
import { WorkspaceError } from './workspace';
import { redactSecrets, secretsOf, streamRedactor } from '../security/redact';
import { readFile } from './read_file';
import { writeFile } from './write_file';
import { editFile } from './edit_file';
import { listFiles } from './list_files';
import { runShell } from './run_shell';
import { fetchUrl } from './fetch_url';
import { webSearchTool } from './web_search';
import { findSymbolsTool } from './find_symbols';
import { searchCode } from './search_code';

export const allTools: Tool<any>[] = [readFile, writeFile, editFile, listFiles, runShell, fetchUrl, webSearchTool, findSymbolsTool, searchCode];

export function getTool(name: string): Tool<any> | undefined {
  return allTools.find((t) => t.name === name);
}

/** Ollama's `tools` entry for /api/chat. */
export interface OllamaToolSchema {
  type: 'function';
  function: { name: string; description: string; parameters: JsonSchemaObject };
}

/** Schemas for the named tools (all when omitted); unknown names are skipped. */
export function toolSchemas(names?: readonly string[]): OllamaToolSchema[] {
  const tools = names ? names.map(getTool).filter((t): t is Tool<any> => !!t) : allTools;
  return tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } }));
}

interface PropSchema {
  type?: string;
  enum?: unknown[];
  items?: { type?: string };
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

/** Check (and gently coerce, e.g. "5" -> 5) one value; returns an error text or the value. */
function checkValue(name: string, v: unknown, p: PropSchema): { value?: unknown; error?: string } {
  const bad = (want: string) => ({ error: `argument "${name}" must be ${want}, got ${typeName(v)} ${JSON.stringify(v)?.slice(0, 60)}` });
  switch (p.type) {
    case 'string':
      if (typeof v === 'string') break;
      return typeof v === 'number' || typeof v === 'boolean' ? { value: String(v) } : bad('a string');
    case 'integer':
    case 'number': {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return bad(p.type === 'integer' ? 'an integer' : 'a number');
      if (p.type === 'integer' && !Number.isInteger(n)) return bad('an integer');
      v = n;
      break;
    }
    case 'boolean':
      if (v === 'true' || v === 'false') v = v === 'true';
      if (typeof v !== 'boolean') return bad('true or false');
      break;
    case 'array':
      if (!Array.isArray(v)) return bad('an array');
      if (p.items?.type === 'string' && !v.every((x) => typeof x === 'string')) return bad('an array of strings');
      break;
    case 'object':
      if (typeName(v) !== 'object') return bad('an object');
      break;
  }
  if (p.enum && !p.enum.includes(v)) return { error: `argument "${name}" must be one of ${p.enum.map((e) => JSON.stringify(e)).join(', ')}` };
  return { value: v };
}

/** Validate raw model arguments against a tool's schema. */
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
  const obj = input as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  const { properties, required = [] } = tool.parameters;
  for (const [name, schema] of Object.entries(properties)) {
    const v = obj[name];
    if (v === undefined || v === null) {
      if (required.includes(name)) return fail(`missing required argument "${name}"`);
      continue; // models often send null for an optional argument
    }
    const checked = checkValue(name, v, schema as PropSchema);
    if (checked.error) return fail(checked.error);
    args[name] = checked.value;
  }
  return { args };
}

/** Runs a tool with secrets redacted from everything it says (live output and result). */
export async function runTool(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolResult> {
  const secrets = secretsOf(ctx.env?.config);
  if (!secrets.length) return runUnredacted(name, rawArgs, ctx);
  const streams = { stdout: streamRedactor(secrets), stderr: streamRedactor(secrets) };
  const output = ctx.output;
  const result = await runUnredacted(name, rawArgs, {
    ...ctx,
    output: output && ((stream, text) => {
      const safe = streams[stream].push(text);
      if (safe) output(stream, safe);
    }),
  });
  for (const [stream, r] of Object.entries(streams)) {
    const rest = r.flush();
    if (rest && output) output(stream as 'stdout' | 'stderr', rest);
  }
  // File snapshots (before/after) stay whole: revert writes them back to the user's files.
  return { ...result, content: redactSecrets(result.content, secrets), ...(result.diff ? { diff: redactSecrets(result.diff, secrets) } : {}) };
}

async function runUnredacted(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolResult> {
  const tool = getTool(name);
  if (!tool) {
    const names = allTools.map((t) => t.name);
    const near = typeof name === 'string' && name ? closest(name, names) : null;
    return { ok: false, content: `Unknown tool "${name}".${near ? ` Did you mean ${near}?` : ''} Available tools: ${names.join(', ')}.` };
  }
  const { args, error } = validateArgs(tool, rawArgs);
  if (error) return { ok: false, content: error };
  try {
    return await tool.run(args, ctx);
  } catch (e) {
    if (e instanceof WorkspaceError) return { ok: false, content: e.message };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, content: `${name} failed: ${msg}` };
  }
}

export type { Tool, ToolContext, ToolResult, ToolSettings } from './types';
