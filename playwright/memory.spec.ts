// Project memory as a user meets it: the AGENTS.md files a turn read are
// listed under "context used" with their bytes, `/remember` writes a note
// with a diff card that Revert undoes, and the Index page lists the files.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { call, intent } from '../test/pipeline/scripts';
import { openSession, send, scriptIntent } from './ui';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('context used lists the AGENTS.md files a turn read, with their bytes', async ({ page, env, workspace }) => {
  fs.writeFileSync(path.join(workspace, 'AGENTS.md'), 'Use tabs.\n'); // 10 bytes
  fs.mkdirSync(path.join(workspace, 'src'));
  fs.writeFileSync(path.join(workspace, 'src', 'AGENTS.md'), 'Name tests test_*.py.\n'); // 22 bytes
  fs.writeFileSync(path.join(workspace, 'src', 'app.py'), 'print(1)\n');
  await openSession(page, env.app.url, workspace);
  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(BIG, call('read_file', { path: 'src/app.py' }), { content: 'It prints 1.' });
  await send(page, 'what does src/app.py print?');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const used = turn.locator('[data-testid="context-used"][data-source="instructions"]');
  await expect(used).toHaveCount(2);
  await expect(used.first()).toContainText('context used: instructions: AGENTS.md (10 bytes)');
  await expect(used.nth(1)).toContainText('src/AGENTS.md (22 bytes)');
  // What the model received: both files, the folder's after the root's.
  const system = env.ollama.chatRequests().filter((r) => r.model === BIG).at(-1).messages[0].content as string;
  expect(system.indexOf('Use tabs.')).toBeLessThan(system.indexOf('Name tests test_*.py.'));
});

test('/remember shows a diff card and Revert undoes it; the Index page lists the instruction files', async ({ page, env, workspace }) => {
  const original = '# Rules\n\nUse tabs.\n';
  fs.writeFileSync(path.join(workspace, 'AGENTS.md'), original);
  fs.mkdirSync(path.join(workspace, 'lib'));
  fs.writeFileSync(path.join(workspace, 'lib', 'CLAUDE.md'), 'lib rules\n');
  await openSession(page, env.app.url, workspace);
  await send(page, '/remember the API lives in src/api/');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const card = turn.locator('[data-testid="tool-card"][data-tool="remember"]');
  await expect(card).toContainText('AGENTS.md');
  await expect(card.getByTestId('diff')).toContainText('+- the API lives in src/api/');
  await expect(turn.getByTestId('turn-summary')).toContainText('Remembered in AGENTS.md');
  expect(fs.readFileSync(path.join(workspace, 'AGENTS.md'), 'utf8')).toBe(`${original}\n## Notes\n\n- the API lives in src/api/\n`);
  expect(env.ollama.chatRequests()).toHaveLength(0); // no model was asked

  // The Index page lists the files a turn reads, with their sizes.
  await page.getByTestId('session-index-link').click();
  const rows = page.getByTestId('instruction-file');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('AGENTS.md');
  await expect(rows.first()).toContainText(`${Buffer.byteLength(fs.readFileSync(path.join(workspace, 'AGENTS.md')))} bytes`);
  await expect(rows.nth(1)).toContainText('lib/CLAUDE.md');
  await expect(rows.nth(1)).toContainText('when a turn touches the folder');

  await page.goBack();
  const again = page.getByTestId('turn').last();
  await again.getByTestId('revert').click();
  await again.getByTestId('revert-yes').click();
  await expect(again.getByTestId('reverted')).toContainText('AGENTS.md');
  await expect(again.locator('[data-testid="tool-card"][data-tool="remember"]')).toHaveAttribute('data-reverted', 'true');
  expect(fs.readFileSync(path.join(workspace, 'AGENTS.md'), 'utf8')).toBe(original);
});
