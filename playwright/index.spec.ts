// Code intelligence as a user meets it, in Chromium against the built app:
// the workspace's Index page (symbol index, search, snippet), embedding for
// retrieval with the Chroma server the app starts from node_modules, and a
// chat request that shows the context it was given.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openWorkspace } from './ui';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

const STATE_RS = `use std::collections::HashMap;

pub const MAX_HISTORY: usize = 100;

#[derive(Debug, Default)]
pub struct TerminalState {
    pub cwd: String,
    pub env: HashMap<String, String>,
    pub banner: &'static str, // ${'a very long comment that runs well past the right edge of any screen '.repeat(6)}
}

impl TerminalState {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn reset(&mut self) {
        self.cwd.clear();
    }
}
`;

const CALC_PY = `def divide(a, b):
    """divide two numbers, refusing zero"""
    if b == 0:
        raise ZeroDivisionError("division by zero")
    return a / b
`;

function writeProject(root: string) {
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/state.rs'), STATE_RS);
  fs.writeFileSync(path.join(root, 'calc.py'), CALC_PY);
  fs.writeFileSync(path.join(root, 'greet.py'), 'def greet(name):\n    return "hello " + name\n');
}

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('the Index page indexes, searches and embeds a workspace; a request then shows the context it used', async ({ page, env, workspace }) => {
  writeProject(workspace);
  await openWorkspace(page, env.app.url, workspace);
  await page.getByTestId('workspace-index-link').first().click();
  await expect(page).toHaveURL(/\/workspaces\/[^/]+\/index$/);

  // Index: per-language counts once the run ends.
  await page.getByTestId('reindex').click();
  await expect(page.getByTestId('index-progress')).toContainText(/3 files?/);
  await expect(page.getByTestId('index-files')).toHaveText('3');
  const languages = page.getByTestId('index-languages');
  await expect(languages).toContainText('Rust');
  await expect(languages).toContainText('Python');
  await expect(page.getByTestId('last-run')).toBeVisible();

  // "Where is TerminalState defined?": the struct first, its line, then its source.
  await page.getByTestId('symbol-query').fill('TerminalState');
  const results = page.getByTestId('symbol-results');
  await expect(results.locator('li').first()).toContainText('src/state.rs:6');
  await expect(results.locator('li').first()).toContainText('struct');
  await results.locator('li').first().getByRole('button').click();
  await expect(page.getByTestId('symbol-snippet')).toContainText('pub struct TerminalState');
  // Highlighted as Rust, and a long line scrolls inside the snippet instead of widening the page.
  await expect(page.getByTestId('symbol-snippet').locator('.hljs-keyword').first()).toHaveText('pub');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // "What functions exist in state.rs?": by kind and file, no name.
  await page.getByTestId('symbol-query').fill('');
  await page.getByLabel('Kind').selectOption('function');
  await page.getByLabel('File').fill('state.rs');
  await expect(results).toContainText('TerminalState.new');
  await expect(results).toContainText('TerminalState.reset');
  await expect(results.locator('li')).toHaveCount(2);

  // Embed the workspace: the app starts Chroma from node_modules on first use.
  await page.getByTestId('rag-path').fill('.');
  await page.getByTestId('rag-embed').click();
  await expect(page.getByTestId('rag-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('rag-state')).toHaveText('on');
  await expect(page.getByTestId('rag-chunks')).not.toHaveText('0');
  expect(env.ollama.requests.filter((r) => r.path === '/api/embed').length).toBeGreaterThan(0);

  // A request in chat carries the matching chunk, shown as "context used".
  await page.goto(env.app.url);
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('chat-input')).toBeVisible();
  env.ollama.script(SMALL, { content: JSON.stringify({ intent: 'implementation', reason: 'scripted' }) });
  env.ollama.script(BIG, { content: 'divide raises ZeroDivisionError when b is 0.' });
  await page.getByTestId('chat-input').fill('what does divide do with zero numbers in the divide function?');
  await page.getByTestId('chat-input').press('Enter');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const used = turn.getByTestId('context-used').filter({ hasText: 'context used' });
  await expect(used).toBeVisible();
  await used.locator('summary').click();
  await expect(used).toContainText('calc.py:1-5');
  const prompt = env.ollama.chatRequests().find((r) => r.model === BIG);
  expect(prompt?.messages.at(-1).content).toContain('raise ZeroDivisionError');

  // Unchanged files: `/index .` in chat embeds nothing again.
  const before = env.ollama.requests.filter((r) => r.path === '/api/embed').length;
  await page.getByTestId('chat-input').fill('/index .');
  await page.getByTestId('chat-input').press('Enter');
  const indexTurn = page.getByTestId('turn').last();
  await expect(indexTurn).toHaveAttribute('data-status', 'finished');
  await expect(indexTurn.getByTestId('turn-summary')).toContainText(/Indexed 3 files: \d+ chunks? \(0 embedded in 0 calls, \d+ unchanged\)/);
  expect(env.ollama.requests.filter((r) => r.path === '/api/embed').length).toBe(before);
});
