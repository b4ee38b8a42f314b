// Compaction as a user meets it: a few turns, `/compact`, and the "Earlier turns, summarised" card: folded,
// opened and folded again, with the turns it replaced still in the session, also after a reload.
import { expect, test } from './fixtures';
import { openSession, send } from './ui';
import { SMALL, answerText, classifyReply, summaryReply, summaryText, userText } from '../test/compact/support';

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('/compact shows a collapsible summary card and the earlier turns stay visible', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  for (let i = 1; i <= 3; i++) {
    env.ollama.script(SMALL, classifyReply(), { content: answerText(i), match: (r: any) => !r.format });
    await send(page, userText(i));
    await expect(page.getByTestId('turn').nth(i - 1).getByTestId('run-status')).toHaveText('finished');
  }

  env.ollama.script(SMALL, summaryReply(1));
  await send(page, '/compact');
  const turn = page.getByTestId('turn').nth(3);
  await expect(turn.getByTestId('run-status')).toHaveText('finished');
  await expect(turn.getByTestId('turn-summary')).toContainText('Summarised 1 earlier turn');
  const card = turn.getByTestId('compaction-card');
  await expect(card).toContainText('Earlier turns, summarised');
  await expect(card.getByTestId('compaction-stats')).toContainText(/1 turn replaced · history ~[\d,]+ → ~[\d,]+ tokens · last 2 kept verbatim/);
  await expect(card).toContainText('/compact');

  // Folded at first; opens on a click to the summary, and folds again.
  const summary = card.getByTestId('compaction-summary');
  await expect(summary).toBeHidden();
  await card.getByText('Earlier turns, summarised').click();
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Understand the parser, step by step (summary 1).');
  await expect(summary.getByRole('heading', { name: 'Names in play' })).toBeVisible();
  await card.getByText('Earlier turns, summarised').click();
  await expect(summary).toBeHidden();

  // Nothing the user saw is gone: every earlier turn, question and answer, is still shown, also after a reload.
  for (const reloaded of [false, true]) {
    if (reloaded) await page.reload();
    await expect(page.getByTestId('turn')).toHaveCount(4);
    for (let i = 1; i <= 3; i++) {
      await expect(page.getByTestId('turn').nth(i - 1)).toContainText(userText(i));
      await expect(page.getByTestId('turn').nth(i - 1).getByTestId('assistant-message')).toContainText(answerText(i).slice(0, 60));
    }
    await expect(page.getByTestId('compaction-card')).toHaveCount(1);
  }
  expect(summaryText(1)).toContain('## Names in play');
});
