// The benchmark dashboard as a user meets it: start req_01 with both runners
// from the page (scripted Ollama writes a correct calculator, a scripted
// Anthropic API a broken one), watch it finish, and read the figures, which
// must be the stored ones, beside the article's reference rows.
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { CLASSIFY, PLAN, SMALL, BIG, SUMMARY, call, json, say } from '../test/pipeline/scripts';
import { AppServer } from '../test/support/app-server';
import { ScriptedAnthropic, text, toolUse } from '../test/support/scripted-anthropic';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { MODELS } from './fixtures';

const sol = (kind: string) => fs.readFileSync(path.join(import.meta.dirname, '../test/bench/solutions/req_01', kind, 'calculator.py'), 'utf8');

const test = base.extend<{ servers: { ollama: ScriptedOllama; claude: ScriptedAnthropic; app: AppServer } }>({
  servers: async ({}, use) => {
    const ollama = new ScriptedOllama({ models: MODELS });
    await ollama.start();
    const claude = new ScriptedAnthropic();
    await claude.start();
    const app = new AppServer({ ollamaUrl: ollama.url, env: { CA_SHELL_POLICY: 'auto', CA_ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: claude.url } });
    await app.start();
    await use({ ollama, claude, app });
    await app.stop();
    await claude.stop();
    await ollama.stop();
  },
});

test('start a benchmark from the page and read its figures beside the article', async ({ page, servers }) => {
  const { ollama, claude, app } = servers;
  ollama.script(SMALL, CLASSIFY, PLAN, json({ criteria: [{ id: 'C1', statement: 'imports', command: 'python3 -c "import calculator"' }] }), json({ findings: [] }), SUMMARY);
  ollama.script(BIG, call('write_file', { path: 'calculator.py', content: sol('good') }), say('Wrote the calculator.'));
  claude.script(toolUse('write_file', { path: 'calculator.py', content: sol('broken') }), text('Done.'));

  await page.goto(app.url);
  await page.getByTestId('nav-benchmarks').click();
  await expect(page).toHaveURL(/\/benchmarks$/);

  // The article's rows are there before anything ran, labelled as the article's.
  const article = page.locator('[data-testid="bench-row"][data-source="article"]');
  await expect(article).toHaveCount(6);
  await expect(article.first().getByTestId('article-label')).toHaveText("the article's");

  await page.getByTestId('start-runner-claude').check();
  await page.getByTestId('start-bench').click();
  await expect(page.getByTestId('bench-progress')).toBeVisible();
  const mine = page.locator('[data-testid="bench-row"][data-source="mine"]');
  await expect(mine).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByTestId('bench-progress')).toHaveCount(0, { timeout: 60_000 });

  // What the page shows is what was stored.
  const dir = path.join(app.dataDir, 'bench');
  const stored = JSON.parse(fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.json'))!), 'utf8'));
  expect(stored.status).toBe('finished');
  for (const s of stored.runs) {
    const row = page.locator(`[data-testid="bench-row"][data-source="mine"][data-runner="${s.runner}"]`);
    await expect(row.getByTestId('cell-acceptance')).toHaveText(`${s.acceptance.passed}/${s.acceptance.total}`);
    await expect(row.getByTestId('cell-calls')).toHaveText(String(s.modelCalls));
    await expect(row.getByTestId('cell-lines')).toHaveText(String(s.linesWritten));
    await expect(row.getByTestId('cell-syntax')).toHaveText(String(s.syntaxErrors));
    await expect(row.getByTestId('cell-passk')).toHaveText(s.passed ? '1.00 (n=1)' : '0.00 (n=1)');
  }
  expect(stored.runs.map((s: { passed: boolean }) => s.passed)).toEqual([true, false]);
  // Status and origin are two columns; only judged groups get a pass-rate bar.
  await expect(mine.first().getByTestId('cell-status')).toHaveText('finished');
  await expect(mine.first()).toContainText('this machine');
  await expect(page.getByTestId('bench-charts').getByTestId('chart-pass')).toHaveCount(2);
  await expect(page.getByTestId('chart-not-judged')).toHaveText('6 more not judged by the hidden suite.');
  // An article row opens what it published.
  await article.first().click();
  await expect(page.getByTestId('article-detail')).toContainText('not run here');
  await page.getByTestId('article-detail').getByRole('button', { name: 'Close' }).click();

  // Filter to one runner, then drill down into the claude sample.
  await page.getByTestId('filter-runner').selectOption('claude');
  await expect(page.locator('[data-testid="bench-row"]')).toHaveCount(4);
  await page.locator('[data-testid="bench-row"][data-source="mine"]').click();
  await expect(page.getByTestId('detail-files')).toContainText('calculator.py');
  await expect(page.getByTestId('detail-acceptance')).toContainText('failed');

  // The pipeline's sample says where its model calls ran: provider and host.
  await page.getByTestId('filter-runner').selectOption('code-assistant');
  await page.locator('[data-testid="bench-row"][data-source="mine"]').click();
  await expect(page.getByTestId('detail-hosts')).toContainText(new URL(ollama.url).host);

  // Side by side and charts render both configurations.
  await expect(page.getByTestId('bench-compare')).toBeVisible();
  await expect(page.getByTestId('bench-charts').getByTestId('chart-pass').first()).toBeVisible();
});
