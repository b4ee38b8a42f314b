// What every phase gets: the run, its config and workspace, the state so far,
// and `agent()`, which puts the persona's model in memory (one at a time)
// and runs the agent loop with the persona's prompt file.
import type { App } from '../ports';
import { numCtxFor } from '../config';
import type { Config } from '../config/schema';
import { runAgent } from '../agents/loop';
import { loadMemory } from '../memory';
import { loadPersona } from '../agents/personas';
import { estimateTokens } from '../llm/budget';
import type { ChatMessage } from '../llm/client';
import type { ModelArbiter } from '../llm/arbiter';
import type { RunContext } from '../runs/manager';
import { fitText } from '../tools/output';
import { toolEnv, toolSettings } from '../tools/setup';
import type { ToolSettings } from '../tools/types';
import type { PipelineState } from './state';
import type { FileWritten } from './types';

export interface PhaseEnv {
  app: App;
  /** Scoped to the phase: what it emits is folded into the state and counted. */
  ctx: RunContext;
  config: Config;
  workspace: string;
  workspaceId: string;
  requirement: string;
  state(): PipelineState;
  /** Files written or edited by this phase so far, with their line counts now. */
  changed(): FileWritten[];
  /** Residency on this run's Ollama host, shared with chat turns and benchmarks. */
  models: ModelArbiter;
}

/** The phase failed for a reason a retry will not fix (the Implementer wrote nothing). */
export class PhaseFailure extends Error {}

export interface AgentCall {
  /** The prompt file in prompts/ (its front matter names the model key). */
  prompt: string;
  /** Persona shown in the UI; default: the prompt's role. */
  persona?: string;
  user: string;
  history?: ChatMessage[];
  /** Tool names; default none. */
  tools?: string[];
  maxSteps?: number;
  format?: string | object;
}

/** Pipeline mode has nobody to approve: its own shell policy, deny patterns and sandbox kept. */
export const pipelineToolSettings = (c: Config, timeoutSeconds = c.shell_timeout_seconds): ToolSettings => toolSettings(c, 'pipeline', timeoutSeconds);

export function modelFor(env: Pick<PhaseEnv, 'config'>, prompt: string): string {
  return env.config[loadPersona(prompt).modelKey];
}

/** Runs one persona turn (with or without tools) on its model; returns the final text. */
export async function agent(env: PhaseEnv, call: AgentCall): Promise<string> {
  const p = loadPersona(call.prompt);
  const model = env.config[p.modelKey];
  // The persona's model server (tester_provider, ...; default ollama_host, the arbiter in env.models).
  const route = env.app.providers.route(env.config, p.modelKey);
  const numCtx = numCtxFor(env.config, model, (await route.info.get(model))?.contextLength);
  // The model stays ours for this call only: a chat turn may take the host between phases.
  // Every phase works on the workspace: it gets its AGENTS.md files like a chat turn.
  const memory = await loadMemory(env.app, { workspace: env.workspace, config: env.config, numCtx, emit: env.ctx.emit });
  const lease = await route.acquire({ model, numCtx, owner: 'the pipeline', emit: env.ctx.emit, signal: env.ctx.signal });
  try {
    return await runAgent({
    ctx: env.ctx,
    host: env.config.ollama_host,
    persona: call.persona ?? p.role.toLowerCase(),
    model,
    numCtx,
    system: p.system,
    history: call.history ?? [],
    user: call.user,
    tools: call.tools ?? [],
    workspace: env.workspace,
    toolSettings: pipelineToolSettings(env.config),
    toolEnv: toolEnv(env.app, { id: env.workspaceId, path: env.workspace }, env.config),
    maxSteps: call.maxSteps ?? 1,
    format: call.format,
    keepAlive: route.keepAlive,
    info: route.info,
    route,
    memory,
    // Only runs after the phase edited a file (Implement, Revise): the same check as in chat.
    checkCommand: env.config.check_command,
    });
  } finally {
    lease.release();
  }
}

/** The requirement cut to a share of the context (a 1 MB document cannot fit 8k tokens). */
export function requirementFor(env: PhaseEnv, prompt: string, share = 0.35): string {
  const budget = Math.floor(numCtxOf(env, prompt) * share);
  if (estimateTokens(env.requirement) <= budget) return env.requirement;
  return fitText(env.requirement, budget, { hint: 'the rest of the requirement document was cut to fit the context window' });
}

/** A token budget for phase material beside the requirement (files to review, failures). */
export function materialBudget(env: PhaseEnv, prompt: string, share = 0.4): number {
  return Math.floor(numCtxOf(env, prompt) * share);
}

/** The persona's num_ctx as agent() will send it (the engine asks each model's context length before the first phase). */
function numCtxOf(env: Pick<PhaseEnv, 'config' | 'models'>, prompt: string): number {
  const model = modelFor(env, prompt);
  return numCtxFor(env.config, model, env.models.info.peek(model)?.contextLength);
}

export function criteriaList(criteria: { id: string; statement: string; command: string }[]): string {
  return criteria.map((c) => `- ${c.id}: ${c.statement}\n  command: \`${c.command}\``).join('\n');
}
