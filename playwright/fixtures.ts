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

export const test = base.extend<{ workspace: string }, { env: { ollama: ScriptedOllama; app: AppServer } }>({
  env: [
    async ({}, use) => {
      const ollama = new ScriptedOllama({ models: MODELS });
      await ollama.start();
      const app = new AppServer({ ollamaUrl: ollama.url, env: { CA_SHELL_POLICY: 'auto' } });
      await app.start();
      await use({ ollama, app });
      await app.stop();
      await ollama.stop();
    },
    { scope: 'worker' },
  ],
  workspace: async ({ env }, use, info) => {
    const dir = path.join(env.app.home, 'ws', info.testId);
    fs.mkdirSync(dir, { recursive: true });
    await use(fs.realpathSync(dir));
  },
});

export { expect };
