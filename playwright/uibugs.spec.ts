// Issue 14's first-run bugs as a user meets them, in Chromium against the
// built app: an unknown session, the stale "Pick a workspace" error, a bare
// model name, failed and batch pulls, Esc, the pinned bottom on resize,
// Revert's confirmation, and labels in words rather than codes.
import fs from 'node:fs';
import path from 'node:path';
import { expect, serverTest } from './fixtures';
import { call, intent } from '../test/pipeline/scripts';
import { openSession, openWorkspace, send } from './ui';

const MODEL = 'qwen2.5-coder:7b';

// Its own server: a fresh data folder (no workspace yet), one chat model for
// every persona, a quick model configured by its bare name, and two missing
// models of which only one can be pulled.
const test = serverTest(
  { models: [MODEL, 'nomic-embed-text', 'smollm:latest'], pullable: ['tiny-coder:1b'], pullStepDelayMs: 30 },
  {
    CA_SHELL_POLICY: 'auto', CA_ARCHITECT_MODEL: MODEL, CA_IMPLEMENTER_MODEL: MODEL, CA_QUICK_MODEL: 'smollm',
    CA_REVIEWER_MODEL: 'ghost-model:1b', CA_TESTER_MODEL: 'tiny-coder:1b',
  },
);

// Bug 5's test needs the fresh server with no workspace: it runs first (one worker, file order).
test.beforeEach(({ env }) => env.ollama.reset());

test('bug 5: "Pick a workspace folder first." goes away once a workspace is opened', async ({ page, env, workspace }) => {
  await page.goto(env.app.url);
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('new-session-error')).toContainText('Pick a workspace folder first.');
  await page.getByTestId('workspace-input').fill(workspace);
  await page.getByTestId('workspace-open').click();
  await expect(page.getByTestId('active-workspace')).toContainText(workspace);
  await expect(page.getByTestId('new-session-error')).toHaveCount(0);
});

test('bug 13: an unknown session says so with a way home, and offers no composer', async ({ page, env }) => {
  await page.goto(`${env.app.url}/sessions/no-such-session-id`);
  await expect(page.getByTestId('session-missing')).toContainText('No such session');
  await expect(page.getByTestId('chat-input')).toHaveCount(0);
  await expect(page.getByTestId('send')).toHaveCount(0);
  await page.getByTestId('session-missing-home').click();
  await expect(page).toHaveURL(`${env.app.url}/`);
});

test('bug 2: Pull all missing; a failed pull says what failed, stops its bar and offers Retry', async ({ page, env }) => {
  await page.goto(env.app.url);
  const ghost = page.locator('[data-testid="missing-model"][data-model="ghost-model:1b"]');
  const tiny = page.locator('[data-testid="missing-model"][data-model="tiny-coder:1b"]');
  await expect(ghost).toBeVisible();
  await expect(tiny).toBeVisible();
  await page.getByTestId('pull-all').click();
  await expect(ghost.getByTestId('pull-error')).toHaveText('Pulling ghost-model:1b failed: Ollama said "pull model manifest: file does not exist". Check the name and tag at https://ollama.com/library, then Retry.');
  await expect(ghost.getByTestId('pull-progress')).toHaveAttribute('data-state', 'failed');
  await expect(ghost.getByTestId('pull-progress')).not.toContainText('starting');
  await expect(ghost.getByTestId('pull-button')).toHaveText('Retry');
  // The other one was pulled after it, and is no longer missing.
  await expect(tiny).toHaveCount(0);
  expect(env.ollama.pulled()).toContain('tiny-coder:1b');
  await ghost.getByTestId('pull-button').click();
  await expect(ghost.getByTestId('pull-button')).toHaveText('Retry');
  await expect(ghost.getByTestId('pull-error')).toContainText('Pulling ghost-model:1b failed');
});

test('bug 3: a bare default model is NAME:latest in the picker, once, and pulled', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  const quick = page.getByLabel('Quick model');
  await expect(quick.locator('option').first()).toHaveText('default (smollm:latest)');
  const options = await quick.locator('option').allTextContents();
  expect(options[0]).toBe('default (smollm:latest)');
  expect(options.filter((o) => o.startsWith('smollm'))).toEqual(['smollm:latest']);
  expect(options.join('\n')).not.toContain('not pulled');
});

test('bugs 6 and 11: Esc stops from anywhere on the page but not inside another field; the stop is said once', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  env.ollama.script(MODEL, intent('conversational'), { content: 'a very long answer', chunks: ['a very ', 'long '], hang: true });
  await send(page, 'talk forever');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('assistant-message')).toContainText('a very long');
  // Esc inside another field (the model picker) is that field's.
  await page.getByLabel('Quick model').focus();
  await page.keyboard.press('Escape');
  await expect(turn).toHaveAttribute('data-status', 'running');
  // Anywhere else on the page, with the text box not focused, Esc stops.
  await page.getByTestId('session-title').click();
  await expect(page.getByTestId('chat-input')).not.toBeFocused();
  await page.keyboard.press('Escape');
  await expect(turn).toHaveAttribute('data-status', 'cancelled');
  await expect(turn.getByTestId('run-status')).toHaveText('stopped');
  await expect(turn).not.toContainText('stopped by the user');
  await expect(turn).not.toContainText('interrupted');
  await expect(turn).not.toContainText('cancelled');
});

test('bug 11: warnings are in words, not codes; no "0.0 s" figures', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  env.ollama.script(MODEL, intent('complex'), { content: 'Done in a moment.' });
  await send(page, 'build a whole app');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const warning = turn.locator('[data-testid="warning"][data-code="pipeline_suggested"]');
  await expect(warning).toContainText('Pipeline suggested:');
  await expect(warning).not.toContainText('pipeline_suggested');
  await expect(turn).not.toContainText(/\b0\.0 s\b/);
});

test('bug 8: Revert asks first, then marks the turn\'s cards reverted', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  env.ollama.script(MODEL, intent('implementation'), call('write_file', { path: 'greet.py', content: 'print("hi")\n' }), { content: 'Wrote greet.py.' });
  await send(page, 'write greet.py');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const file = path.join(workspace, 'greet.py');
  expect(fs.existsSync(file)).toBe(true);

  await turn.getByTestId('revert').click();
  await expect(turn.getByTestId('revert-confirm')).toContainText('greet.py');
  expect(fs.existsSync(file)).toBe(true); // one click does nothing yet
  await turn.getByTestId('revert-cancel').click();
  await expect(turn.getByTestId('revert-confirm')).toHaveCount(0);
  expect(fs.existsSync(file)).toBe(true);

  await turn.getByTestId('revert').click();
  await turn.getByTestId('revert-yes').click();
  await expect(turn.getByTestId('reverted')).toBeVisible();
  expect(fs.existsSync(file)).toBe(false);
  const card = turn.locator('[data-testid="tool-card"][data-tool="write_file"]');
  await expect(card).toHaveAttribute('data-reverted', 'true');
  await expect(card).toContainText('reverted');
});

test('bug 7: a resize keeps the bottom pinned when it was at the bottom', async ({ page, env, workspace }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openSession(page, env.app.url, workspace);
  const long = Array.from({ length: 120 }, (_, i) => `Line ${i} of a long answer that wraps when the window is narrow enough to make it wrap.`).join('\n\n');
  env.ollama.script(MODEL, intent('conversational'), { content: long });
  await send(page, 'a long answer please');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const scroller = page.getByTestId('session-scroller');
  const gap = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  await expect.poll(gap).toBeLessThan(48);
  for (const size of [{ width: 700, height: 900 }, { width: 700, height: 500 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    await expect.poll(gap).toBeLessThan(48);
  }
  // Scrolled up by the user: a resize leaves them where they are.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await page.setViewportSize({ width: 900, height: 700 });
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeLessThan(50);
});

test('bug 4: a new folder is proposed from the document, and a disabled Start says why', async ({ page, env, workspace }) => {
  await openWorkspace(page, env.app.url, workspace);
  await page.goto(`${env.app.url}/pipelines/new`);
  await expect(page.getByTestId('start-pipeline')).toBeDisabled();
  await expect(page.getByTestId('start-blocked')).toHaveText('Write or upload the requirement document first.');
  await page.getByTestId('requirement-editor').fill('# A CSV Calculator\n\nSum the columns of a CSV file.');
  await page.getByTestId('workspace-mode-new').check();
  await expect(page.getByTestId('new-folder-input')).toHaveValue(`${path.dirname(workspace)}/a-csv-calculator`);
  await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  await expect(page.getByTestId('start-pipeline')).toBeEnabled();
  await page.getByTestId('new-folder-input').fill('');
  await expect(page.getByTestId('start-blocked')).toHaveText('Type the absolute path of the new folder.');
  await expect(page.getByTestId('start-pipeline')).toBeDisabled();
});

test('bug 12: copy buttons on code and shell output, long writes fold, the session links to its Index page', async ({ page, env, workspace }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.app.url });
  await openSession(page, env.app.url, workspace);
  const big = Array.from({ length: 95 }, (_, i) => `print(${i})`).join('\n') + '\n';
  env.ollama.script(
    MODEL, intent('implementation'),
    call('write_file', { path: 'big.py', content: big }),
    call('run_shell', { command: 'echo out-line; echo err-line >&2' }),
    { content: 'Run it with:\n\n```sh\npython3 big.py\n```\n' },
  );
  await send(page, 'write big.py');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const clip = () => page.evaluate(() => navigator.clipboard.readText());

  await turn.getByTestId('copy-code').click();
  await expect.poll(clip).toBe('python3 big.py\n');
  await turn.getByTestId('copy-output').click();
  await expect.poll(clip).toBe('out-line\nerr-line\n');

  // The 95-line write starts folded, and opens on a click.
  const write = turn.locator('[data-testid="tool-card"][data-tool="write_file"]');
  await expect(write).toHaveAttribute('data-collapsed', 'true');
  await expect(write.getByTestId('diff')).toBeHidden();
  await write.getByTestId('tool-toggle').click();
  await expect(write.getByTestId('diff')).toContainText('print(94)');
  const shell = turn.locator('[data-testid="tool-card"][data-tool="run_shell"]');
  await shell.getByTestId('tool-toggle').click();
  await expect(shell.getByTestId('terminal')).toBeHidden();

  await page.getByTestId('session-index-link').click();
  await expect(page).toHaveURL(/\/workspaces\/[^/]+\/index$/);
});

test('bug 9: shell output is coloured by the exit code: stderr of a passing command is not red', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  env.ollama.script(
    MODEL, intent('implementation'),
    call('run_shell', { command: 'echo ran-3-tests-ok >&2' }),
    call('run_shell', { command: 'echo it-broke >&2; exit 3' }),
    { content: 'Ran both.' },
  );
  await send(page, 'run the tests');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  const [passing, failing] = [0, 1].map((i) => turn.locator('[data-testid="tool-card"][data-tool="run_shell"]').nth(i));
  await expect(passing.getByTestId('terminal')).toContainText('ran-3-tests-ok');
  await expect(failing.getByTestId('terminal')).toContainText('it-broke');
  // xterm's DOM rows carry a colour class only for coloured text.
  await expect(failing.locator('.xterm-rows [class*="xterm-fg-"]').first()).toBeAttached();
  await expect(passing.locator('.xterm-rows [class*="xterm-fg-"]')).toHaveCount(0);
});
