// A model without native tool support against the built app: the home page
// says how each persona model is driven (native tools or the text protocol,
// context length, num_ctx), and a chat turn on it writes a file.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { AppServer } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';

const SMALL = 'qwen2.5-coder:7b';
const NO_TOOLS = 'gemma2:9b';

test('home shows native or text tools, context length and num_ctx; a text-protocol turn writes a file', async ({ page }) => {
  const ollama = new ScriptedOllama({
    models: [{ name: SMALL, contextLength: 32_768 }, { name: NO_TOOLS, capabilities: ['completion'], family: 'gemma2', contextLength: 4096 }, 'nomic-embed-text'],
  });
  await ollama.start();
  const app = new AppServer({ ollamaUrl: ollama.url, env: { CA_SHELL_POLICY: 'auto', CA_IMPLEMENTER_MODEL: NO_TOOLS } });
  await app.start();
  try {
    await page.goto(app.url);
    const implementer = page.getByTestId('model-use-implementer_model');
    await expect(implementer).toContainText('text tools');
    await expect(implementer).toContainText('ctx 4,096');
    await expect(implementer).toContainText('num_ctx 4,096');
    const architect = page.getByTestId('model-use-architect_model');
    await expect(architect).toContainText('native tools');
    await expect(architect).toContainText('ctx 32,768');
    await expect(architect).toContainText('num_ctx 8,192'); // capped by default_num_ctx

    fs.mkdirSync(path.join(app.home, 'ws-text'), { recursive: true });
    const workspace = fs.realpathSync(path.join(app.home, 'ws-text'));
    await page.getByTestId('workspace-input').fill(workspace);
    await page.getByTestId('workspace-open').click();
    await expect(page.getByTestId('active-workspace')).toContainText(workspace);
    await page.getByTestId('new-session').click();
    await expect(page.getByTestId('chat-input')).toBeVisible();
    ollama.script(SMALL, { content: JSON.stringify({ intent: 'implementation', reason: 'scripted' }) });
    const callText = `<tool_call>\n${JSON.stringify({ name: 'write_file', arguments: { path: 'hi.txt', content: 'hi\n' } })}\n</tool_call>`;
    ollama.script(NO_TOOLS, { content: callText }, { content: 'Wrote hi.txt.' });
    await page.getByTestId('chat-input').fill('write hi.txt');
    await page.getByTestId('chat-input').press('Enter');
    await expect(page.getByTestId('turn').last()).toContainText('Wrote hi.txt.');
    expect(fs.readFileSync(path.join(workspace, 'hi.txt'), 'utf8')).toBe('hi\n');
    expect(ollama.chatRequests().filter((r) => r.model === NO_TOOLS).map((r) => r.tools)).toEqual([undefined, undefined]);
  } finally {
    await app.stop();
    await ollama.stop();
  }
});
