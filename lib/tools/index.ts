// The tool registry and the one entry point the agent loop uses: runTool
// parses the model's arguments with each tool's schema (define.ts) and turns
// every failure into a ToolResult the model can act on. It never throws.
import { closest } from 'fastest-levenshtein';
import type { JsonSchemaObject, Tool, ToolContext, ToolResult } from './types';
import { WorkspaceError } from './workspace';
import { validateArgs } from './define';
import { syntaxFeedback } from './syntax';
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

const EDIT_TOOLS = new Set(['write_file', 'edit_file']);

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
  const tool = getTool(name) ?? ctx.tools?.get(name);
  if (!tool) {
    const names = ctx.tools?.names() ?? allTools.map((t) => t.name);
    const near = typeof name === 'string' && name ? closest(name, names) : null;
    return { ok: false, content: `Unknown tool "${name}".${near ? ` Did you mean ${near}?` : ''} Available tools: ${names.join(', ')}.` };
  }
  const { args, error } = validateArgs(tool, rawArgs);
  if (error) return { ok: false, content: error };
  try {
    return await withSyntaxFeedback(name, await tool.run(args, ctx));
  } catch (e) {
    if (e instanceof WorkspaceError) return { ok: false, content: e.message };
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, content: `${name} failed: ${msg}` };
  }
}

/** After write_file and edit_file: the syntax errors the change added, said at once. */
async function withSyntaxFeedback(name: string, result: ToolResult): Promise<ToolResult> {
  if (!EDIT_TOOLS.has(name) || !result.ok || !result.files?.length) return result;
  let content = result.content;
  let added = 0;
  for (const f of result.files) {
    if (f.after === null) continue;
    const before = f.beforeEncoding === 'base64' ? null : f.before;
    const fb = await syntaxFeedback(f.path, before, f.after).catch(() => null);
    if (!fb) continue;
    added += fb.added;
    content += `\n\n${fb.message}`;
  }
  return added ? { ...result, content, syntaxErrors: added } : result;
}

export { defineTool, expectedShape, validateArgs } from './define';
export type { Tool, ToolContext, ToolResult, ToolSettings } from './types';
