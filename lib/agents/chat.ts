// One chat turn: quick mode answers straight away; otherwise the Architect
// classifies the intent and either answers or hands over to the Implementer,
// which works with tools.
import { jsonrepair } from 'jsonrepair';
import type { App } from '../app';
import { numCtxFor, privateFolders } from '../config';
import type { Config } from '../config/schema';
import { chat, type ChatMessage } from '../llm/client';
import type { Intent } from '../runs/events';
import type { RunContext } from '../runs/manager';
import { getSession, history, recordMessage, sessionModels, touchSession } from '../sessions/sessions';
import { hiddenFolders } from '../tools/sandbox';
import type { ToolSettings } from '../tools/types';
import { runAgent } from './loop';
import { requestContext, withSymbolMap } from './context';
import { startIndexRun as startEmbedRun } from '../rag';
import { onFilesChanged } from '../symbols/server';
import { loadPersona } from './personas';

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

export function toolSettings(c: Config): ToolSettings {
  return {
    shellPolicy: c.shell_policy,
    shellDenyPatterns: c.shell_deny_patterns,
    shellTimeoutSeconds: c.shell_timeout_seconds,
    resultTokens: c.tool_result_tokens,
    maxReadBytes: c.max_read_bytes,
    shellSandbox: c.shell_sandbox,
    shellNetwork: c.shell_network,
    sandboxHide: hiddenFolders(c),
  };
}

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
  // Read once: a ca.config the turn itself writes does not change this turn.
  const loaded = app.config(workspace);
  const config = { ...loaded.values, ...sessionModels(found.session) } as Config;
  if (found.session.title === 'New session') touchSession(app.db, sessionId, text.replace(/\s+/g, ' ').slice(0, 60));
  else touchSession(app.db, sessionId);

  return app.runs.start({ kind: quick ? 'quick' : 'chat', input: text, sessionId, workspaceId: found.session.workspaceId }, async (ctx) => {
    const prior = history(app.db, sessionId);
    const record = (persona: string, model: string) => (m: ChatMessage & { partial?: boolean }) =>
      recordMessage(app.db, sessionId, ctx.runId, m, persona, model);
    record('user', '')({ role: 'user', content: text });
    const toolEnv = {
      config, db: app.db, workspaceId: ws.id, dataDir: app.dataDir, privateDirs: privateFolders(loaded),
      // A file a tool wrote is re-indexed at once, so the next lookup sees it.
      onFilesChanged: (paths: string[]) => void onFilesChanged(app, ws, paths),
    };
    const common = { ctx, host: config.ollama_host, workspace, toolSettings: toolSettings(config), toolEnv, maxSteps: config.max_agent_steps };

    if (quick) {
      const p = loadPersona('quick');
      const model = config.quick_model;
      await runAgent({ ...common, persona: 'quick', model, numCtx: numCtxFor(config, model), system: p.system, history: [], user: text, tools: [], record: record('quick', model) });
      return;
    }

    const intent = await classify(ctx, config, prior, text);
    if (intent === 'conversational') {
      const p = loadPersona('architect');
      const model = config.architect_model;
      const system = await withSymbolMap(app, ws, p.system, text);
      await runAgent({ ...common, persona: 'architect', model, numCtx: numCtxFor(config, model), system, history: prior, user: text, tools: [], record: record('architect', model) });
      return;
    }
    if (intent === 'complex') {
      ctx.emit({ type: 'warning', code: 'pipeline_suggested', message: 'This looks like a whole feature: pipeline mode (plan, criteria, review, test rounds) suits it better; start one at /pipelines/new. Handling it here as an implementation request.' });
    }
    const p = loadPersona('implementer');
    const model = config.implementer_model;
    const system = await withSymbolMap(app, ws, p.system, text);
    const context = await requestContext(app, ctx, config, ws, text);
    // web_search costs context; offer it only where it can work.
    const tools = p.tools.filter((t) => t !== 'web_search' || config.web_search_enabled);
    const user = context ? `${context}\n\n# Request\n${text}` : text;
    await runAgent({ ...common, persona: 'implementer', model, numCtx: numCtxFor(config, model), system, history: prior, user, tools, record: record('implementer', model) });
  });
}

/** Architect classifies with Ollama structured output; falls back to implementation (tools available) when unsure. */
async function classify(ctx: RunContext, config: Config, prior: ChatMessage[], text: string): Promise<Intent> {
  const p = loadPersona('classify');
  const model = config.architect_model;
  const recent = prior.filter((m) => m.role !== 'tool' && m.content).slice(-2).map((m) => `${m.role}: ${m.content.slice(0, 400)}`).join('\n');
  const res = await chat({
    host: config.ollama_host, model, numCtx: numCtxFor(config, model), signal: ctx.signal, format: INTENT_SCHEMA, temperature: 0,
    messages: [{ role: 'system', content: p.system }, { role: 'user', content: `${recent ? `Earlier:\n${recent}\n\n` : ''}Request: ${text}` }],
  });
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
