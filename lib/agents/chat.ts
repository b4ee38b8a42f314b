// One chat turn: quick mode answers straight away; otherwise the Architect
// classifies the intent and either answers or hands over to the Implementer,
// which works with tools.
import { jsonrepair } from 'jsonrepair';
import type { App } from '../ports';
import { numCtxFor } from '../config';
import type { Config } from '../config/schema';
import type { ChatMessage } from '../llm/client';
import type { Intent } from '../runs/events';
import type { RunContext } from '../runs/manager';
import { getSession, recordMessage, sessionModels, touchSession } from '../sessions/sessions';
import { nextTitle } from '../sessions/title';
import { toolEnv, toolSettings } from '../tools/setup';
import type { ModelArbiter } from '../llm/arbiter';
import { sameModel } from '../llm/models';
import { runAgent } from './loop';
import { requestContext, withSymbolMap } from './context';
import { startEmbedRun } from '../rag';
import { onFilesChanged } from '../symbols/server';
import { loadPersona } from './personas';
import { compactHistory, compactNow, parseCompact, pastMessages, promptRoom, withSummary, type PastMessages } from './compact';
import { loadMemory, parseRemember, startRemember } from '../memory';
import { noteLine } from '../memory/remember';

export class TurnError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const INTENT_SCHEMA = {
  type: 'object',
  properties: { intent: { type: 'string', enum: ['conversational', 'implementation', 'complex'] }, reason: { type: 'string' } },
  required: ['intent', 'reason'],
};

export { toolSettings } from '../tools/setup';

export function parseQuick(text: string, quick?: boolean): { quick: boolean; text: string } {
  const m = /^\/quick\b\s*/.exec(text);
  return m ? { quick: true, text: text.slice(m[0].length) } : { quick: !!quick, text };
}

/** Starts a turn as a detached run and returns its id at once. */
export function startTurn(app: App, sessionId: string, input: string, opts: { quick?: boolean } = {}): string {
  const found = getSession(app.db, sessionId);
  if (!found) throw new TurnError('No such session.', 404);
  const { quick, text } = parseQuick(input.trim(), opts.quick);
  if (!text) throw new TurnError('Type a message first.', 400);
  const busy = app.runs.activeRunForSession(sessionId);
  if (busy) throw new TurnError('A reply is still running in this session (perhaps in another tab). Stop it or wait.', 409);

  const workspace = found.workspacePath;
  const ws = { id: found.session.workspaceId, path: workspace };
  // `/index <path>` embeds that part of the workspace for retrieval.
  const index = /^\/index(?:\s+(.*))?$/s.exec(text);
  if (index && !quick) {
    touchSession(app.db, sessionId);
    return startEmbedRun(app, { workspace: ws, path: (index[1] ?? '').trim() || '.', sessionId });
  }
  // `/remember <text>` notes a line in the workspace's AGENTS.md: a file change, no model call.
  const note = quick ? null : parseRemember(text);
  if (note !== null) {
    if (!noteLine(note)) throw new TurnError('Say what to remember: /remember <text>.', 400);
    touchSession(app.db, sessionId);
    return startRemember(app, { sessionId, workspace: ws, input: text, note });
  }
  // Read once: a ca.config the turn itself writes does not change this turn.
  const loaded = app.config(workspace);
  const config = { ...loaded.values, ...sessionModels(found.session) } as Config;
  // `/compact [what to keep]` summarises the older turns now (./compact.ts); no reply, nothing in the history.
  const focus = quick ? null : parseCompact(text);
  if (focus !== null) {
    touchSession(app.db, sessionId);
    return app.runs.start({ kind: 'chat', input: text, sessionId, workspaceId: found.session.workspaceId }, (ctx) => compactNow(app, ctx, { config, sessionId, focus }));
  }
  // Named by its first real request; a greeting leaves it untitled for the next one.
  touchSession(app.db, sessionId, nextTitle(found.session.title, text) ?? undefined);

  return app.runs.start({ kind: quick ? 'quick' : 'chat', input: text, sessionId, workspaceId: found.session.workspaceId }, async (ctx) => {
    const past = pastMessages(app.db, sessionId);
    record(app, ctx, sessionId, 'user', '')({ role: 'user', content: text });
    const env = toolEnv(app, ws, config, {
      // A file a tool wrote is re-indexed at once, so the next lookup sees it.
      onFilesChanged: (paths: string[]) => void onFilesChanged(app, ws, paths),
    });
    const models = app.models.forHost(config.ollama_host);
    /** One persona's reply on its model (from the prompt's front matter), holding the model for the call. */
    const reply = async (prompt: string, o: { persona?: string; system?: string; past?: PastMessages; user: string; tools?: string[] }) => {
      const p = loadPersona(prompt);
      const model = config[p.modelKey];
      const persona = o.persona ?? prompt;
      // The persona's model server (implementer_provider, ...; default ollama_host): host choice and failover.
      const route = app.providers.route(config, p.modelKey);
      const numCtx = numCtxFor(config, model, (await route.info.get(model))?.contextLength);
      // AGENTS.md files; quick mode works on no workspace, so it gets the machine's only.
      const memory = await loadMemory(app, { workspace: prompt === 'quick' ? null : workspace, config, numCtx, emit: ctx.emit });
      const system = o.system ?? p.system;
      // Older turns become one summary when the history outgrows its share of num_ctx or the room this prompt leaves (./compact.ts).
      const { history, summary } = o.past
        ? await compactHistory(ctx, o.past, {
          config, route: app.providers.route(config, loadPersona('compact').modelKey), numCtx,
          room: promptRoom(numCtx, memory.system(system), o.user, o.tools ?? []),
        })
        : { history: [], summary: null };
      const lease = await route.acquire({ model, numCtx, owner: 'a chat turn', emit: ctx.emit, signal: ctx.signal });
      try {
        await runAgent({
          ctx, host: config.ollama_host, workspace, toolSettings: toolSettings(config), toolEnv: env, maxSteps: config.max_agent_steps,
          persona, model, numCtx, system: withSummary(system, p.system, summary), history, user: o.user, tools: o.tools ?? [],
          keepAlive: route.keepAlive, record: record(app, ctx, sessionId, persona, model), info: route.info, route,
          // Only a reply that edited files runs it: the Implementer's.
          checkCommand: config.check_command, memory,
        });
      } finally {
        lease.release();
      }
    };

    if (quick) return void (await reply('quick', { user: text }));

    const intent = await classify(app, ctx, config, models, past.rows, text);
    if (intent === 'conversational') {
      const system = await withSymbolMap(app, ws, loadPersona('architect').system, text);
      return void (await reply('architect', { system, past, user: text }));
    }
    if (intent === 'complex') {
      ctx.emit({ type: 'warning', code: 'pipeline_suggested', message: 'This looks like a whole feature: pipeline mode (plan, criteria, review, test rounds) suits it better; start one at /pipelines/new. Handling it here as an implementation request.' });
    }
    const p = loadPersona('implementer');
    const system = await withSymbolMap(app, ws, p.system, text);
    const context = await requestContext(app, ctx, config, ws, text);
    // web_search costs context; offer it only where it can work.
    const tools = p.tools.filter((t) => t !== 'web_search' || config.web_search_enabled);
    const user = context ? `${context}\n\n# Request\n${text}` : text;
    await reply('implementer', { system, past, user, tools });
  });
}

const record = (app: App, ctx: RunContext, sessionId: string, persona: string, model: string) => (m: ChatMessage & { partial?: boolean }) =>
  recordMessage(app.db, sessionId, ctx.runId, m, persona, model);

/**
 * The model the Architect classifies with: its own, unless one resident
 * model is all the host may hold and this turn's Implementer is the one in
 * memory (classifying on it saves a load and an unload).
 */
function classifyModel(config: Config, models: ModelArbiter, prompt: string): string {
  const own = config[loadPersona(prompt).modelKey];
  const resident = models.lastResident;
  const implementer = config[loadPersona('implementer').modelKey];
  return models.max === 1 && resident && sameModel(resident, implementer) ? implementer : own;
}

/** Architect classifies with Ollama structured output; falls back to implementation (tools available) when unsure. */
async function classify(app: App, ctx: RunContext, config: Config, models: ModelArbiter, prior: ChatMessage[], text: string): Promise<Intent> {
  const p = loadPersona('classify');
  const model = classifyModel(config, models, 'classify');
  // On the Implementer's model, it is the Implementer's server.
  const route = app.providers.route(config, model === config[p.modelKey] ? p.modelKey : loadPersona('implementer').modelKey);
  const numCtx = numCtxFor(config, model, (await route.info.get(model))?.contextLength);
  const recent = prior.filter((m) => m.role !== 'tool' && m.content).slice(-2).map((m) => `${m.role}: ${m.content.slice(0, 400)}`).join('\n');
  const lease = await route.acquire({ model, numCtx, owner: 'a chat turn', emit: ctx.emit, signal: ctx.signal });
  const res = await route.chat({
    model, numCtx, signal: ctx.signal, format: INTENT_SCHEMA, temperature: 0, keepAlive: route.keepAlive,
    messages: [{ role: 'system', content: p.system }, { role: 'user', content: `${recent ? `Earlier:\n${recent}\n\n` : ''}Request: ${text}` }],
  }).finally(() => lease.release());
  if (res.aborted) throw new Error('stopped');
  if (res.error) throw new Error(res.error);
  let intent: Intent = 'implementation';
  let reason = 'could not read the classification; using tools to be safe';
  try {
    const parsed = JSON.parse(jsonrepair(res.content)) as { intent?: string; reason?: string };
    if (parsed.intent === 'conversational' || parsed.intent === 'implementation' || parsed.intent === 'complex') {
      intent = parsed.intent;
      reason = String(parsed.reason ?? '');
    }
  } catch {
    ctx.emit({ type: 'warning', code: 'classify_unreadable', message: `${model} did not return valid JSON for the intent; treating the request as implementation.` });
  }
  ctx.emit({ type: 'intent', intent, reason, model });
  return intent;
}
