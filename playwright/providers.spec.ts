// The home page lists every model server and its hosts: the built-in
// ollama_host with what it has loaded, and an openai-kind provider from the
// machine config with one host up (its /v1/models) and one down.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { openSession, send } from './ui';
import { AppServer, freePort } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { ScriptedOpenAI } from '../test/support/scripted-openai';

test('home shows each host, its state and what it has loaded', async ({ page }) => {
  const ollama = new ScriptedOllama({ models: ['qwen2.5-coder:7b', 'qwen2.5-coder:14b', 'nomic-embed-text'] });
  await ollama.start();
  // The Architect's model is resident on ollama_host already.
  await fetch(`${ollama.url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: 'qwen2.5-coder:7b', prompt: '', keep_alive: '5m' }) });
  const gpu = new ScriptedOpenAI({ models: ['qwen2.5-coder-32b'] });
  await gpu.start();
  const down = `http://127.0.0.1:${await freePort()}/v1`;
  const app = new AppServer({
    ollamaUrl: ollama.url,
    env: { CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [gpu.baseURL, down], api_key: 'sk-never-shown-123456' } }), CA_IMPLEMENTER_PROVIDER: 'gpu' },
  });
  await app.start();
  try {
    await page.goto(app.url);
    const panel = page.getByTestId('hosts-panel');
    const builtIn = panel.locator('[data-provider="ollama_host"]');
    await expect(builtIn.getByTestId('host-row')).toHaveAttribute('data-state', 'up');
    await expect(builtIn.getByTestId('host-row')).toContainText(ollama.url);
    await expect(builtIn.getByTestId('host-loaded')).toContainText('loaded: qwen2.5-coder:7b');

    const p = panel.locator('[data-provider="gpu"]');
    await expect(p).toContainText('openai');
    await expect(p).toContainText('used by implementer');
    const rows = p.getByTestId('host-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute('data-state', 'up');
    await expect(rows.nth(0)).toContainText('serves qwen2.5-coder-32b');
    await expect(rows.nth(1)).toHaveAttribute('data-state', 'down');
    await expect(rows.nth(1)).toContainText('not reachable');
    await expect(page.locator('body')).not.toContainText('sk-never-shown-123456');
  } finally {
    await app.stop();
    await gpu.stop();
    await ollama.stop();
  }
});

test('a persona on an openai-kind server picks among its /v1/models and answers through it', async ({ page }) => {
  const ollama = new ScriptedOllama({ models: ['qwen2.5-coder:7b', 'qwen2.5-coder:14b', 'nomic-embed-text'] });
  await ollama.start();
  const gpu = new ScriptedOpenAI({ models: ['qwen2.5-coder-32b', 'llama-3.1-70b'] });
  await gpu.start();
  const app = new AppServer({
    ollamaUrl: ollama.url,
    env: {
      CA_PROVIDERS: JSON.stringify({ gpu: { kind: 'openai', urls: [gpu.baseURL] } }),
      CA_IMPLEMENTER_PROVIDER: 'gpu', CA_IMPLEMENTER_MODEL: 'qwen2.5-coder-32b',
      CA_QUICK_PROVIDER: 'gpu', CA_QUICK_MODEL: 'qwen2.5-coder-32b',
    },
  });
  await app.start();
  try {
    const ws = path.join(app.home, 'ws');
    fs.mkdirSync(ws, { recursive: true });
    await openSession(page, app.url, fs.realpathSync(ws));
    const implementer = page.getByLabel('Implementer model');
    await expect(implementer.locator('option', { hasText: 'llama-3.1-70b' })).toHaveCount(1);
    await expect(implementer.locator('option', { hasText: 'qwen2.5-coder:14b' })).toHaveCount(0);
    // The Architect stays on Ollama and picks among what it has pulled.
    await expect(page.getByLabel('Architect model').locator('option', { hasText: 'qwen2.5-coder:14b' })).toHaveCount(1);

    gpu.script('qwen2.5-coder-32b', { content: 'Hello from the GPU box.' });
    await send(page, '/quick hello');
    await expect(page.getByText('Hello from the GPU box.')).toBeVisible();
    expect(gpu.chatRequests()).toHaveLength(1);
  } finally {
    await app.stop();
    await gpu.stop();
    await ollama.stop();
  }
});
