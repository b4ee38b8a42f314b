// The settings page lists the machine's MCP servers: a real stdio server
// (server-everything from node_modules) and one whose command does not
// exist. Viewing starts nothing; Start lists the tools with their schema
// cost; the broken one says why.
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { AppServer } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { MODELS } from './fixtures';
import { openSession, send } from './ui';

const EVERYTHING = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const TOKEN = 'mcp-e2e-secret-0123456789';

const test = base.extend<{}, { env: { ollama: ScriptedOllama; app: AppServer } }>({
  env: [
    async ({}, use) => {
      const ollama = new ScriptedOllama({ models: MODELS });
      await ollama.start();
      const app = new AppServer({ ollamaUrl: ollama.url });
      fs.mkdirSync(path.join(app.home, '.code-assistant'), { recursive: true });
      fs.writeFileSync(
        path.join(app.home, '.code-assistant', 'config.toml'),
        [
          '[mcp_servers.every]',
          `command = ${JSON.stringify(process.execPath)}`,
          `args = [${JSON.stringify(EVERYTHING)}, "stdio"]`,
          'tools = ["echo", "get-sum"]',
          `env = { API_TOKEN = "${TOKEN}" }`,
          '[mcp_servers.broken]',
          'command = "/nonexistent/mcp-server"',
          'trusted = true',
        ].join('\n') + '\n',
      );
      await app.start();
      await use({ ollama, app });
      await app.stop();
      await ollama.stop();
    },
    { scope: 'worker' },
  ],
});

test('MCP servers and their tools on the settings page', async ({ page, env }) => {
  await page.goto(`${env.app.url}/settings`);
  const every = page.locator('[data-testid="mcp-server"][data-name="every"]');
  const broken = page.locator('[data-testid="mcp-server"][data-name="broken"]');
  await expect(every.getByTestId('mcp-state')).toHaveText('stopped');
  await expect(every).toContainText('asks before each call');
  await expect(every).toContainText('allow-list: echo, get-sum');
  await expect(broken).toContainText('trusted');

  await every.getByTestId('mcp-action').click();
  await expect(every.getByTestId('mcp-state')).toHaveText('running');
  await expect(every.getByTestId('mcp-tool')).toHaveCount(2);
  await expect(every.locator('[data-testid="mcp-tool"][data-name="every__echo"]')).toContainText('Echoes back the input');
  await expect(every.getByTestId('mcp-cost')).toContainText(/2 tools, schemas ~\d+ tokens \(\d+% of num_ctx 8192\): offered with every schema/);
  await expect(every).toContainText(/pid \d+/);
  await expect(every.getByTestId('mcp-action')).toHaveText('Restart');

  await broken.getByTestId('mcp-action').click();
  await expect(broken.getByTestId('mcp-state')).toHaveText('error');
  await expect(broken.getByTestId('mcp-error')).toContainText('could not start');

  // The machine-only row shows the servers, never their env values.
  const row = page.locator('[data-testid="settings-row"][data-key="mcp_servers"]');
  await expect(row).toContainText('API_TOKEN');
  await expect(row.getByTestId('scope')).toContainText('machine-only');
  await expect(page.locator('body')).not.toContainText(TOKEN);
});

test('a chat turn calls an MCP tool after the user approves it in the page', async ({ page, env }) => {
  const ws = path.join(env.app.home, 'ws-mcp');
  fs.mkdirSync(ws, { recursive: true });
  env.ollama.script('qwen2.5-coder:7b', { content: JSON.stringify({ intent: 'implementation', reason: 'scripted' }) });
  env.ollama.script('qwen2.5-coder:14b', { content: '', tool_calls: [{ function: { name: 'every__echo', arguments: { message: 'from the page' } } }] }, { content: 'Echoed it.' });
  await openSession(page, env.app.url, ws);
  await send(page, 'echo something through MCP');
  const approval = page.getByTestId('approval');
  await expect(approval).toContainText('Allow this call to the MCP tool every__echo?');
  await expect(approval).toContainText('every__echo {"message":"from the page"}');
  await expect(page.getByTestId('approval-note')).toContainText('trusted = true');
  await page.getByTestId('approve').click();
  await expect(page.getByText('Echoed it.')).toBeVisible();
  const card = page.locator('[data-testid="tool-card"][data-tool="every__echo"]');
  await card.getByText(/^result/).click();
  await expect(card).toContainText('Echo: from the page');
});
