// What the home page shows: Ollama, models pulled and missing, folders, the shell sandbox, salvages.
import type { App } from './ports';
import { PERSONA_MODEL_KEYS, type Config } from './config/schema';
import { numCtxFor } from './config';
import { missingModels, ollamaStatus, sameModel } from './llm/models';
import { sandboxStatus } from './tools/sandbox';
import { activeWorkspace } from './sessions/workspaces';
import { BUILT_IN, providerKeyFor } from './llm/providers';
import type { ModelInfoSource } from './llm/providers/types';

export async function appStatus(app: App) {
  const ws = activeWorkspace(app.db);
  const loaded = app.config(ws?.path);
  const [ollama, sandbox] = await Promise.all([ollamaStatus(loaded.values.ollama_host), sandboxStatus(loaded.values)]);
  const wanted = PERSONA_MODEL_KEYS.map((k) => ({ key: k, model: loaded.values[k] }));
  const info = app.models.forHost(loaded.values.ollama_host).info;
  // A persona on another model server (implementer_provider = "gpu") needs nothing pulled here.
  const onOllamaHost = wanted.filter((w) => {
    const key = providerKeyFor(w.key);
    return !key || [BUILT_IN, ''].includes(loaded.values[key].trim());
  });
  const missing = ollama.reachable ? missingModels(onOllamaHost.map((w) => w.model), ollama.models.map((m) => m.name)) : [];
  return {
    ollama,
    // Only a pulled model is asked about (once; a missing one would be asked on every poll).
    personaModels: await Promise.all(wanted.map((w) => {
      if (onOllamaHost.includes(w)) return modelUse(info, loaded.values, w, ollama.models.some((m) => sameModel(m.name, w.model)));
      // On another model server: what that server says about the model (tools refused, its context window).
      let source: ModelInfoSource = info;
      try {
        source = app.providers.route(loaded.values, w.key).info;
      } catch {
        /* an unknown provider name is a config issue shown elsewhere */
      }
      return modelUse(source, loaded.values, w, true);
    })),
    missing: missing.map((m) => ({ model: m, command: `ollama pull ${m}`, usedBy: onOllamaHost.filter((w) => w.model === m).map((w) => w.key) })),
    dataDir: app.dataDir,
    workspace: ws ?? null,
    configIssues: loaded.issues,
    // Whether run_shell is sandboxed; when it cannot be, every command asks.
    sandbox,
    salvages: salvageCounts(app),
  };
}

/**
 * How a persona model is driven: native tools or the text protocol (null for
 * the embedding model), its reported context length, the num_ctx sent.
 */
async function modelUse(info: ModelInfoSource, config: Config, w: { key: (typeof PERSONA_MODEL_KEYS)[number]; model: string }, pulled: boolean) {
  const known = pulled ? await info.get(w.model) : info.peek(w.model);
  const embedding = w.key === 'embedding_model';
  const tools: 'native' | 'text' | 'unknown' | null = embedding ? null : known?.tools === false ? 'text' : known?.tools ? 'native' : 'unknown';
  return { ...w, tools, contextLength: known?.contextLength, numCtx: embedding ? null : numCtxFor(config, w.model, known?.contextLength) };
}

/** Every salvage of a small model's reply, by model and kind. */
export function salvageCounts(app: App): { model: string; kind: string; count: number }[] {
  const rows = app.db.$client
    .prepare(
      `SELECT json_extract(data, '$.model') AS model, json_extract(data, '$.kind') AS kind, COUNT(*) AS count
       FROM events WHERE type = 'salvage' GROUP BY model, kind ORDER BY model, count DESC`,
    )
    .all() as { model: string; kind: string; count: number }[];
  return rows;
}
