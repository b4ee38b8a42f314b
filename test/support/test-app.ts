// An App (database, event log, run manager) in a temp folder, talking to a
// scripted Ollama: the engine exactly as the server runs it, without Next.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../lib/app';
import { addWorkspace } from '../../lib/sessions/workspaces';
import { createSession } from '../../lib/sessions/sessions';
import type { RunEvent } from '../../lib/runs/events';
import { ScriptedOllama, type ModelSpec } from './scripted-ollama';

export interface TestApp {
  app: App;
  ollama: ScriptedOllama;
  home: string;
  workspace: string;
  sessionId: string;
  sessionWorkspaceId(): string;
  events(runId?: string): RunEvent[];
  close(): Promise<void>;
}

export async function testApp(env: Record<string, string> = {}, models: (string | ModelSpec)[] = ['qwen2.5-coder:7b', 'qwen2.5-coder:14b', 'nomic-embed-text']): Promise<TestApp> {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-test-')));
  const workspace = path.join(home, 'project');
  fs.mkdirSync(workspace);
  const ollama = new ScriptedOllama({ models });
  await ollama.start();
  const app = createApp({ homeDir: home, env: { CA_DATA_DIR: path.join(home, 'data'), OLLAMA_HOST: ollama.url, CA_SHELL_POLICY: 'auto', ...env } });
  const ws = addWorkspace(app.db, workspace);
  const session = createSession(app.db, ws.id);
  return {
    app, ollama, home, workspace, sessionId: session.id,
    sessionWorkspaceId: () => ws.id,
    events: (runId) => app.log.replay(runId ? { runId } : { sessionId: session.id }),
    close: async () => {
      await app.runs.shutdown();
      app.db.$client.close();
      await ollama.stop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Scripted reply helpers in Ollama's shapes. */
export const say = (content: string) => ({ content });
export const call = (name: string, args: Record<string, unknown>, content = '') => ({ content, tool_calls: [{ function: { name, arguments: args } }] });
export const intent = (i: 'conversational' | 'implementation' | 'complex') => ({ content: JSON.stringify({ intent: i, reason: 'scripted' }) });
