// Each worker gets a scripted Ollama server and the built app pointed at it,
// with a fresh data folder, HOME and workspace. Tests script the model.
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { AppServer } from '../test/support/app-server';

export interface Env {
  ollama: ScriptedOllama;
  app: AppServer;
  /** A fresh workspace folder for this test. */
  workspace: string;
}

export const MODELS = ['qwen2.5-coder:7b', 'qwen2.5-coder:14b', 'nomic-embed-text'];

type Server = { ollama: ScriptedOllama; app: AppServer };

/**
 * A test with its own worker-scoped server: a scripted Ollama with these
 * models and the built app pointed at it (extra env on top), plus a fresh
 * workspace folder per test.
 */
export function serverTest(ollamaOpts: ConstructorParameters<typeof ScriptedOllama>[0], env: Record<string, string>) {
  return base.extend<{ workspace: string }, { env: Server }>({
    env: [
      async ({}, use) => {
        const ollama = new ScriptedOllama(ollamaOpts);
        await ollama.start();
        const app = new AppServer({ ollamaUrl: ollama.url, env });
        await app.start();
        await use({ ollama, app });
        await app.stop();
        await ollama.stop();
      },
      { scope: 'worker' },
    ],
    workspace: async ({ env: server }, use, info) => {
      const dir = path.join(server.app.home, 'ws', info.testId);
      fs.mkdirSync(dir, { recursive: true });
      await use(fs.realpathSync(dir));
    },
  });
}

export const test = serverTest({ models: MODELS }, { CA_SHELL_POLICY: 'auto' });

export { expect };
