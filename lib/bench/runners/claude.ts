// The claude runner: one agent on the Anthropic Messages API with the same
// five tools as the local pipeline, in its own fresh workspace, within a step
// budget. ANTHROPIC_BASE_URL is honoured by the SDK itself.
import Anthropic from '@anthropic-ai/sdk';
import type { Config } from '../../config/schema';
import { pipelineToolSettings } from '../../pipeline/env';
import { runTool, toolSchemas } from '../../tools';
import { isMalformed } from '../events';
import type { RunnerOutcome } from './code-assistant';

export const BENCH_TOOLS = ['write_file', 'edit_file', 'read_file', 'run_shell', 'list_files'] as const;

const SYSTEM = `You are a software engineer working alone in an empty project folder.
Implement the requirement document you are given completely, using the tools to
write files and run commands (paths are relative to the project folder). Write the
tests the document asks for and run them. When everything is done, reply with a short summary and no tool call.`;

export class MissingKeyError extends Error {}

export function claudeCost(c: Config, promptTokens: number, completionTokens: number): number {
  return (promptTokens * c.claude_price_input_per_mtok + completionTokens * c.claude_price_output_per_mtok) / 1e6;
}

export async function runClaude(config: Config, requirement: string, workspace: string, opts: { steps?: number; signal?: AbortSignal } = {}): Promise<RunnerOutcome> {
  const r = await loop(config, requirement, workspace, opts);
  return { ...r, costUsd: claudeCost(config, r.promptTokens, r.completionTokens) };
}

async function loop(config: Config, requirement: string, workspace: string, opts: { steps?: number; signal?: AbortSignal }): Promise<RunnerOutcome> {
  if (!config.anthropic_api_key) throw new MissingKeyError('claude runner skipped: no anthropic_api_key in the machine config (~/.code-assistant/config) or CA_ANTHROPIC_API_KEY.');
  const client = new Anthropic({ apiKey: config.anthropic_api_key });
  const tools = toolSchemas([...BENCH_TOOLS]).map((t) => ({ name: t.function.name, description: t.function.description, input_schema: t.function.parameters as Anthropic.Tool.InputSchema }));
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: `Requirement document:\n\n${requirement}` }];
  const out: RunnerOutcome = { status: 'finished', model: config.claude_model, modelCalls: 0, promptTokens: 0, completionTokens: 0, loadMs: 0, toolCalls: { native: {}, salvaged: {}, malformed: 0 }, timeouts: 0, costUsd: 0, steps: [] };
  const signal = opts.signal ?? new AbortController().signal;
  const budget = opts.steps ?? 40;
  try {
    for (let step = 0; step < budget; step++) {
      if (signal.aborted) return { ...out, status: 'cancelled' };
      const res = await client.messages.create({ model: config.claude_model, max_tokens: 8192, system: SYSTEM, tools, messages }, { signal });
      out.modelCalls++;
      out.promptTokens += res.usage.input_tokens;
      out.completionTokens += res.usage.output_tokens;
      messages.push({ role: 'assistant', content: res.content });
      const uses = res.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
      if (!uses.length) return out;
      const results: Anthropic.ToolResultBlockParam[] = [];
      for (const u of uses) {
        const r = await runTool(u.name, u.input, { workspace, signal, settings: pipelineToolSettings(config), callId: u.id });
        if (!r.ok && isMalformed(r.content)) out.toolCalls.malformed++;
        else out.toolCalls.native[u.name] = (out.toolCalls.native[u.name] ?? 0) + 1;
        if (r.timedOut) out.timeouts++;
        out.steps!.push({ tool: u.name, ok: r.ok, summary: r.content.slice(0, 200) });
        results.push({ type: 'tool_result', tool_use_id: u.id, content: r.content, ...(r.ok ? {} : { is_error: true }) });
      }
      messages.push({ role: 'user', content: results });
    }
    return { ...out, error: `step budget of ${budget} used up` };
  } catch (e) {
    if (signal.aborted) return { ...out, status: 'cancelled' };
    return { ...out, status: 'failed', error: e instanceof Error ? e.message : String(e) };
  }
}
