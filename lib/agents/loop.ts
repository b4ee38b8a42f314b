// The agent loop: call the model with tools, run the calls it makes (native
// or salvaged from its text), feed results back, until it answers without a
// call or the step budget runs out. Every step becomes an event.
import { randomUUID } from 'node:crypto';
import { chat, type ChatMessage, type ChatResult, type OllamaTool, type ToolCall } from '../llm/client';
import { fitMessages, truncationSuspected } from '../llm/budget';
import { recoverToolCalls, repairArguments, looksLikeExplainingInsteadOfActing, NUDGE_MESSAGE } from '../llm/recovery';
import { LoopGuard, LOOP_BREAK_MESSAGE } from '../llm/loop-guard';
import { runTool } from '../tools';
import { offerTools } from '../mcp/offer';
import type { ToolBox, ToolEnv, ToolResult, ToolSettings } from '../tools/types';
import type { SalvageKind } from '../runs/events';
import { CancelledError, type RunContext } from '../runs/manager';
import { ToolProtocol, type ToolSupport } from './tool-protocol';
import { checkFeedback } from './check';
import type { ModelRoute, RoutedResult } from '../llm/providers';
import type { InstructionSource } from '../memory/memory';

export interface AgentOptions {
  ctx: RunContext;
  host: string;
  persona: string;
  model: string;
  numCtx: number;
  system: string;
  history: ChatMessage[];
  user: string;
  tools: string[];
  workspace: string;
  toolSettings: ToolSettings;
  toolEnv?: ToolEnv;
  maxSteps: number;
  /** Persist a message of the conversation (user/assistant/tool) for later turns. */
  record?: (m: ChatMessage & { partial?: boolean }) => void;
  format?: string | object;
  /** Ollama keep_alive for each request (pipeline mode manages residency itself). */
  keepAlive?: string | number;
  /** What the host knows of the model's tool support (app.models.forHost(host).info); without it, tools go native until refused. */
  info?: ToolSupport;
  /** The persona's provider (app.providers.route): host choice and failover; without it, Ollama at `host`. */
  route?: ModelRoute;
  /** The project's check_command: run once after the turn's last edit, a failure given back once (./check.ts). */
  checkCommand?: string;
  /** Instruction files (lib/memory): in the system prompt, and a folder's own loaded when a file tool first touches it. */
  memory?: InstructionSource;
}

/** Tools whose `path` argument is a file or folder the turn reads or writes. */
const PATH_TOOLS = new Set(['read_file', 'write_file', 'edit_file', 'list_files']);

/** Room kept for the reply in every prompt (compaction budgets with it too). */
export const REPLY_RESERVE = 1024;
const MAX_STORED_OUTPUT = 4 * 1024 * 1024;

/** Returns the final assistant text. Throws on Ollama failure (after keeping the partial reply) or Stop. */
export async function runAgent(o: AgentOptions): Promise<string> {
  const { ctx } = o;
  // Built-in tools and the MCP servers' the persona names (mcp:NAME); mcp_list_tools adds to this same array later.
  const box = await offerTools(o.tools, { mcp: o.toolEnv?.mcp, numCtx: o.numCtx, share: o.toolEnv?.config.mcp_schema_share, signal: ctx.signal, emit: ctx.emit });
  // Our JSON schemas are looser than the ollama package's typing of them.
  const schemas = box.schemas as unknown as OllamaTool[];
  // Native tools, or the text protocol for a model without them.
  const protocol = await ToolProtocol.choose(o.model, schemas, ctx.emit, o.info);
  // The task itself must survive trimming even after a nudge follows it.
  const pinned = [1 + o.history.length];
  const messages: ChatMessage[] = [{ role: 'system', content: o.memory ? o.memory.system(o.system) : o.system }, ...o.history, { role: 'user', content: o.user }];
  const guard = new LoopGuard(3);
  let nudged = false;
  let warnedFit = false;
  let loopBreaks = 0;
  let actions = 0;
  let edited = false;
  let checked = false;

  for (let step = 0; step < o.maxSteps; step++) {
    const fit = fitMessages({ messages, numCtx: o.numCtx, reserveForReply: REPLY_RESERVE, toolsTokens: protocol.tokens, pinned });
    if ((!fit.fits || fit.trimmed.messages > 0) && !warnedFit) {
      warnedFit = true;
      ctx.emit({
        type: 'warning',
        code: fit.fits ? 'context_trimmed' : 'context_overflow',
        message: fit.fits
          ? `Older turns were left out to fit ${o.model}'s context window (num_ctx ${o.numCtx}).`
          : `The prompt (~${fit.estimatedTokens} tokens) does not fit num_ctx ${o.numCtx} for ${o.model}; Ollama will cut it. Raise num_ctx in config or start a new session.`,
      });
    }
    const send = protocol.request(fit.messages);
    const res = await streamReply(o, send.messages, send.tools, fit.estimatedTokens);
    if (res.aborted || ctx.signal.aborted) {
      o.record?.({ role: 'assistant', content: res.content, partial: true });
      throw new CancelledError();
    }
    if (res.error) {
      if (protocol.fallback(res.error, res.content)) {
        step--; // the refused request did not count as a step
        continue;
      }
      if (res.content) o.record?.({ role: 'assistant', content: res.content, partial: true });
      throw new Error(res.error);
    }

    const calls = collectCalls(o, res, protocol, box.names());
    if (calls.length === 0) {
      // Only a model that has not acted yet is explaining instead of acting; a
      // closing summary with a code block after real tool calls is fine.
      if (!nudged && actions === 0 && schemas.length && looksLikeExplainingInsteadOfActing(res.content)) {
        nudged = true;
        ctx.emit({ type: 'salvage', kind: 'nudge', model: o.model, detail: 'described the change instead of calling a tool' });
        messages.push({ role: 'assistant', content: res.content }, { role: 'user', content: protocol.nudge(NUDGE_MESSAGE) });
        continue;
      }
      if (o.checkCommand?.trim() && edited && !checked) {
        checked = true;
        const command = o.checkCommand;
        const failed = await checkFeedback(command, (seen) => executeCall(o, { name: 'run_shell', args: { command } }, new LoopGuard(3), seen, box));
        if (failed) {
          messages.push({ role: 'assistant', content: res.content }, { role: 'user', content: protocol.nudge(failed) });
          continue;
        }
      }
      o.record?.({ role: 'assistant', content: res.content });
      return res.content;
    }

    const assistant: ChatMessage = {
      role: 'assistant',
      content: res.content,
      tool_calls: calls.map((c) => ({ function: { name: c.name, arguments: c.args } })),
    };
    messages.push(assistant);
    o.record?.(assistant);
    actions += calls.length;
    for (const call of calls) {
      const content = await executeCall(o, call, guard, (r) => (edited ||= r.ok && !!r.files?.length), box);
      if (content === null) loopBreaks++;
      // A folder's AGENTS.md joins the system prompt the first time a file tool touches it.
      const note = o.memory && PATH_TOOLS.has(call.name) && typeof call.args.path === 'string' ? await o.memory.touch(call.args.path) : '';
      if (note) messages[0] = { role: 'system', content: o.memory!.system(o.system) };
      const toolMsg: ChatMessage = { role: 'tool', content: (content ?? LOOP_BREAK_MESSAGE(call.name)) + note, tool_name: call.name };
      messages.push(toolMsg);
      o.record?.(toolMsg);
    }
    // The model was told once that it repeats itself; a second time ends the turn.
    if (loopBreaks >= 2) {
      ctx.emit({ type: 'warning', code: 'loop', message: `${o.model} kept repeating the same tool call; the turn was stopped.` });
      return res.content;
    }
  }
  ctx.emit({ type: 'warning', code: 'max_steps', message: `Stopped after ${o.maxSteps} steps (max_agent_steps). Ask to continue if the work is not finished.` });
  return '';
}

async function streamReply(o: AgentOptions, messages: ChatMessage[], tools: OllamaTool[], estimate: number): Promise<ChatResult> {
  let messageId = randomUUID();
  let shown = '';
  o.ctx.emit({ type: 'message_started', messageId, persona: o.persona, model: o.model });
  const call = {
    model: o.model, messages, numCtx: o.numCtx, signal: o.ctx.signal, tools, format: o.format, keepAlive: o.keepAlive,
    onDelta: (text: string) => {
      shown += text;
      o.ctx.stream({ type: 'message_delta', messageId, text });
    },
  };
  const res = o.route
    ? await o.route.chat({
        ...call,
        // The host died mid-reply: what it said stays, closed as partial, and the reply starts over as a new message.
        onRestart: ({ from, to, error }) => {
          o.ctx.emit({ type: 'message_done', messageId, content: shown, partial: true, host: from });
          o.ctx.emit({ type: 'warning', code: 'host_failover', message: `${from} stopped in the middle of the reply (${error}); the reply was restarted from the beginning on ${to}.` });
          messageId = randomUUID();
          shown = '';
          o.ctx.emit({ type: 'message_started', messageId, persona: o.persona, model: o.model });
        },
      })
    : await chat({ ...call, host: o.host });
  const where = o.route ? { provider: (res as RoutedResult).provider, host: (res as RoutedResult).host } : { host: o.host };
  o.ctx.emit({
    type: 'message_done', messageId, content: res.content, partial: res.partial || undefined,
    promptTokens: res.promptEvalCount, completionTokens: res.evalCount, estimatedPromptTokens: estimate, durationMs: res.durationMs, ...where,
  });
  // An openai-kind server has no num_ctx to cut the prompt with: it refuses a prompt that is too long.
  if (o.route?.kind !== 'openai' && res.promptEvalCount !== undefined && truncationSuspected(estimate, res.promptEvalCount, o.numCtx)) {
    o.ctx.emit({
      type: 'warning', code: 'prompt_truncated',
      message: `Ollama read ${res.promptEvalCount} prompt tokens of an estimated ${estimate} (num_ctx ${o.numCtx}): the start of the prompt was probably cut. Raise num_ctx for ${o.model}.`,
    });
  }
  return res;
}

interface Call {
  name: string;
  args: Record<string, unknown>;
  salvaged?: SalvageKind;
  error?: string;
}

function collectCalls(o: AgentOptions, res: ChatResult, protocol: ToolProtocol, names: string[]): Call[] {
  if (res.toolCalls.length) return res.toolCalls.map((tc: ToolCall) => nativeCall(tc));
  if (!names.length) return [];
  const { calls, errors } = recoverToolCalls(res.content, names);
  for (const c of calls) if (protocol.isSalvage(c.kind)) o.ctx.emit({ type: 'salvage', kind: c.kind, model: o.model });
  const out: Call[] = calls.map((c) => ({ name: c.name, args: c.arguments, salvaged: protocol.isSalvage(c.kind) ? c.kind : undefined }));
  // A call we could see but not repair: tell the model exactly what was wrong.
  for (const e of errors) out.push({ name: 'invalid_tool_call', args: {}, error: e });
  return out;
}

function nativeCall(tc: ToolCall): Call {
  const r = repairArguments(tc.function.arguments);
  if (r.ok) return { name: tc.function.name, args: r.value, salvaged: r.repaired ? 'repaired_json' : undefined };
  return { name: tc.function.name, args: {}, error: r.error };
}

/** Runs one call and returns what the model should read; null when the loop guard stopped it. */
async function executeCall(o: AgentOptions, call: Call, guard: LoopGuard, seen?: (r: ToolResult) => unknown, box?: ToolBox): Promise<string | null> {
  const { ctx } = o;
  const callId = randomUUID();
  ctx.emit({ type: 'tool_call', callId, tool: call.name, args: call.args, salvaged: call.salvaged });
  if (call.salvaged === 'repaired_json' && !call.error) ctx.emit({ type: 'salvage', kind: 'repaired_json', model: o.model });
  if (call.error) {
    ctx.emit({ type: 'tool_result', callId, tool: call.name, ok: false, content: call.error });
    return call.error;
  }
  if (guard.record(call.name, call.args).broken) {
    const msg = LOOP_BREAK_MESSAGE(call.name);
    ctx.emit({ type: 'salvage', kind: 'loop_break', model: o.model, detail: call.name });
    ctx.emit({ type: 'tool_result', callId, tool: call.name, ok: false, content: msg });
    return null;
  }
  let stored = 0;
  const started = Date.now();
  const result = await runTool(call.name, call.args, {
    workspace: o.workspace,
    signal: ctx.signal,
    settings: o.toolSettings,
    callId,
    output: (stream, text) => {
      // The UI keeps the full output, up to a cap that protects the database.
      if (stored >= MAX_STORED_OUTPUT) return;
      stored += text.length;
      ctx.stream({ type: 'tool_output', callId, stream, text: stored > MAX_STORED_OUTPUT ? `${text}\n[output beyond 4 MB not kept]\n` : text });
    },
    approve: (command, note) => ctx.requestApproval(callId, call.name, command, note),
    env: o.toolEnv,
    tools: box,
  });
  ctx.emit({ type: 'tool_result', callId, tool: call.name, ...result, durationMs: Date.now() - started });
  seen?.(result);
  if (ctx.signal.aborted) throw new CancelledError();
  // The edit broke the syntax; the result already tells the model where. Counted per model.
  if (result.syntaxErrors) ctx.emit({ type: 'salvage', kind: 'syntax_error', model: o.model, detail: `${call.name} ${String(call.args.path ?? '')}` });
  // A change to the files is progress: build -> fix -> build is not a loop.
  if (result.ok && result.files?.length) {
    guard.progress();
    o.toolEnv?.onFilesChanged?.(result.files.map((f) => f.path));
  }
  return result.content;
}
