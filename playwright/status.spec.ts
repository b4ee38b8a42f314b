// The home page's view of Ollama: down, and a model to pull.
import { test, expect } from '@playwright/test';
import { AppServer, freePort } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';

test('home says Ollama is not reachable and what to do', async ({ page }) => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const app = new AppServer({ ollamaUrl: closed });
  await app.start();
  try {
    await page.goto(app.url);
    await expect(page.getByTestId('ollama-status')).toContainText(/not reachable/i);
    await expect(page.getByTestId('ollama-status')).toContainText('ollama serve');
  } finally {
    await app.stop();
  }
});

test('a missing model shows its pull command and pulls with progress', async ({ page }) => {
  const ollama = new ScriptedOllama({ models: ['qwen2.5-coder:7b', 'nomic-embed-text'], pullable: ['qwen2.5-coder:14b'], pullStepDelayMs: 30 });
  await ollama.start();
  const app = new AppServer({ ollamaUrl: ollama.url });
  await app.start();
  try {
    await page.goto(app.url);
    const missing = page.getByTestId('missing-model');
    await expect(missing).toHaveCount(1);
    await expect(missing).toContainText('ollama pull qwen2.5-coder:14b');
    await missing.getByTestId('pull-button').click();
    await expect(page.getByTestId('missing-model')).toHaveCount(0, { timeout: 20_000 });
    expect(ollama.pulled()).toContain('qwen2.5-coder:14b');
    expect(ollama.requests.some((r) => r.path === '/api/pull')).toBe(true);
  } finally {
    await app.stop();
    await ollama.stop();
  }
});
