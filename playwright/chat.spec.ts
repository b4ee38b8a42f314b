// The spine as a user meets it, in Chromium against the built app: status,
// a workspace and session, a turn that writes a file and runs a command,
// the terminal, Stop, Revert, reload and restart.
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

test('home shows Ollama status, refuses a bad workspace, opens a session', async ({ page, env, workspace }) => {
  await page.goto(env.app.url);
  await expect(page.getByTestId('ollama-status')).toContainText(/reachable/i);
  await expect(page.getByTestId('ollama-status')).not.toContainText(/not reachable/i);
  await page.getByTestId('workspace-input').fill(path.join(workspace, 'does-not-exist'));
  await page.getByTestId('workspace-open').click();
  await expect(page.getByTestId('workspace-error')).toContainText(/does not exist/);
  await openSession(page, env.app.url, workspace);
});

test('a turn writes a file and runs a command; reload, revert and restart keep everything', async ({ page, env, workspace }) => {
  fs.writeFileSync(path.join(workspace, 'notes.txt'), 'user notes\n');
  await openSession(page, env.app.url, workspace);
  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(
    BIG,
    call('write_file', { path: 'greet.py', content: 'print("hello from greet")\n' }),
    call('edit_file', { path: 'notes.txt', old_string: 'user notes', new_string: 'user notes, edited' }),
    call('run_shell', { command: 'python3 greet.py' }),
    { content: 'I created **greet.py** and ran it.' },
  );
  await send(page, 'create greet.py and run it');
  const turn = page.getByTestId('turn').last();
  await expect(turn).toHaveAttribute('data-status', 'finished');
  expect(fs.readFileSync(path.join(workspace, 'greet.py'), 'utf8')).toBe('print("hello from greet")\n');
  await expect(turn.locator('[data-testid="tool-card"][data-tool="write_file"]')).toBeVisible();
  await expect(turn.getByTestId('diff').first()).toContainText('hello from greet');
  await expect(turn.getByTestId('terminal')).toContainText('hello from greet');
  await expect(turn.getByTestId('assistant-message').last()).toContainText('I created greet.py and ran it.');

  // Reload: everything comes back from the event log.
  await page.reload();
  const again = page.getByTestId('turn').last();
  await expect(again).toHaveAttribute('data-status', 'finished');
  await expect(again.getByTestId('terminal')).toContainText('hello from greet');
  await expect(again.getByTestId('assistant-message').last()).toContainText('I created greet.py');

  // Revert: the workspace is as it was before the turn.
  await again.getByTestId('revert').click();
  await again.getByTestId('revert-yes').click(); // Revert asks first (issue 14, bug 8)
  await expect(again.getByTestId('reverted')).toBeVisible();
  expect(fs.existsSync(path.join(workspace, 'greet.py'))).toBe(false);
  expect(fs.readFileSync(path.join(workspace, 'notes.txt'), 'utf8')).toBe('user notes\n');

  // Restart the server (kill -9): the session is there and the chat continues.
  const url = page.url();
  await env.app.restart();
  await page.goto(url);
  await expect(page.getByTestId('turn').last().getByTestId('assistant-message').last()).toContainText('I created greet.py');
  env.ollama.script(SMALL, intent('conversational'), { content: 'Still here.' });
  await send(page, 'are you there?');
  await expect(page.getByTestId('turn').last().getByTestId('assistant-message')).toContainText('Still here.');
  await page.goto(env.app.url);
  await expect(page.getByTestId('session-item').first()).toContainText('create greet.py');
});

test('Stop aborts a streaming reply and a running shell command', async ({ page, env, workspace }) => {
  await openSession(page, env.app.url, workspace);
  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(BIG, call('run_shell', { command: 'echo begin; sleep 60; echo never' }));
  await send(page, 'run the long thing');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('terminal')).toContainText('begin');
  await page.getByTestId('stop').click();
  await expect(turn).toHaveAttribute('data-status', 'cancelled');
  await expect(turn.getByTestId('terminal')).not.toContainText('never');

  // The 14b is the model in memory now, so the Architect classifies on it (max_resident_models = 1).
  // (reset: the first turn's classification reply left on the model that was not asked.)
  env.ollama.reset();
  env.ollama.script(BIG, intent('conversational'));
  env.ollama.script(SMALL, { content: 'a very long answer', chunks: ['a very ', 'long '], hang: true });
  await send(page, 'talk forever');
  const second = page.getByTestId('turn').last();
  await expect(second.getByTestId('assistant-message')).toContainText('a very long');
  await page.getByTestId('chat-input').press('Escape');
  await expect(second).toHaveAttribute('data-status', 'cancelled');
  await expect.poll(() => env.ollama.aborted).toBeGreaterThan(0);
});

test('the settings page shows each value with the layer that set it', async ({ page, env }) => {
  await page.goto(`${env.app.url}/settings`);
  const policy = page.locator('[data-testid="settings-row"][data-key="shell_policy"]');
  await expect(policy).toContainText('auto');
  await expect(policy.getByTestId('layer')).toContainText('env');
  const model = page.locator('[data-testid="settings-row"][data-key="implementer_model"]');
  await expect(model).toContainText('qwen2.5-coder:14b');
  await expect(model.getByTestId('layer')).toContainText('default');
});

test('a foreign Origin or Host gets 403', async ({ env, playwright }) => {
  const api = await playwright.request.newContext();
  const post = await api.post(`${env.app.url}/api/workspaces`, { headers: { origin: 'https://evil.example' }, data: { path: '/tmp' } });
  expect(post.status()).toBe(403);
  const rebinding = await api.get(`${env.app.url}/api/status`, { headers: { host: 'evil.example' } });
  expect(rebinding.status()).toBe(403);
  const ok = await api.get(`${env.app.url}/api/status`);
  expect(ok.status()).toBe(200);
  await api.dispose();
});
