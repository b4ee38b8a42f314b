// What the home page shows: Ollama, models pulled and missing, folders, the shell sandbox, salvages.
import type { App } from './ports';
import { PERSONA_MODEL_KEYS } from './config/schema';
import { missingModels, ollamaStatus } from './llm/models';
import { sandboxStatus } from './tools/sandbox';
import { activeWorkspace } from './sessions/workspaces';

export async function appStatus(app: App) {
  const ws = activeWorkspace(app.db);
  const loaded = app.config(ws?.path);
  const [ollama, sandbox] = await Promise.all([ollamaStatus(loaded.values.ollama_host), sandboxStatus(loaded.values)]);
  const wanted = PERSONA_MODEL_KEYS.map((k) => ({ key: k, model: loaded.values[k] }));
  const missing = ollama.reachable ? missingModels(wanted.map((w) => w.model), ollama.models.map((m) => m.name)) : [];
  return {
    ollama,
    personaModels: wanted,
    missing: missing.map((m) => ({ model: m, command: `ollama pull ${m}`, usedBy: wanted.filter((w) => w.model === m).map((w) => w.key) })),
    dataDir: app.dataDir,
    workspace: ws ?? null,
    configIssues: loaded.issues,
    // Whether run_shell is sandboxed; when it cannot be, every command asks.
    sandbox,
    salvages: salvageCounts(app),
  };
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
