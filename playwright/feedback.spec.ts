// Feedback as a user gives it: thumbs down with a note on an answer, kept
// across a reload, counted per model and persona on the benchmarks page.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { openSession, send } from './ui';

const SMALL = 'qwen2.5-coder:7b';

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('rate an answer with a note; the vote survives a reload and shows on the benchmarks page', async ({ page, env, workspace }) => {
  env.ollama.script(SMALL, { content: JSON.stringify({ intent: 'conversational', reason: 'scripted' }) }, { content: 'A tuple is mutable.' });
  // The first load of the session's votes is slow: a vote given meanwhile must not be undone by it (seen in CI).
  let first = true;
  await page.route(/\/api\/feedback\?sessionId=/, async (route) => {
    if (first) {
      first = false;
      await new Promise((r) => setTimeout(r, 1500));
    }
    await route.continue();
  });
  await openSession(page, env.app.url, workspace);
  await send(page, 'is a tuple mutable?');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('run-status')).toHaveText('finished');

  await turn.getByTestId('feedback-down').click();
  await turn.getByTestId('feedback-note').fill('tuples are immutable');
  await turn.getByTestId('feedback-save').click();
  await expect(turn.getByTestId('feedback')).toHaveAttribute('data-rating', 'down');
  await expect(turn.getByTestId('feedback')).toContainText('tuples are immutable');

  await page.reload();
  await expect(page.getByTestId('turn').last().getByTestId('feedback')).toHaveAttribute('data-rating', 'down');
  // Stored at machine scope, not in the workspace.
  const stored = fs.readFileSync(path.join(env.app.home, '.code-assistant', 'feedback', 'feedback.jsonl'), 'utf8');
  expect(stored).toContain('tuples are immutable');
  expect(fs.readdirSync(workspace)).not.toContain('feedback.jsonl');

  await page.goto(`${env.app.url}/benchmarks`);
  const row = page.locator(`[data-testid="feedback-row"][data-model="${SMALL}"]`);
  await expect(row.getByTestId('feedback-down')).toHaveText('1');
  await expect(row.getByTestId('feedback-up')).toHaveText('0');
});
