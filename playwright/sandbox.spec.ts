// The shell sandbox against the built app: a command the model started must
// not outlive the app (kill -9 included), and the home page says whether
// commands are sandboxed.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { AppServer } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { expect, MODELS, test } from './fixtures';
import { call, intent } from '../test/pipeline/scripts';
import { scriptIntent } from './ui';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

/** Host processes (pid and command line) whose command line contains `marker`; pgrep's exit code 1 means none. */
function pgrep(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-af', marker], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('the home page says the shell is sandboxed by bubblewrap', async ({ page, env }) => {
  await page.goto(env.app.url);
  const panel = page.getByTestId('sandbox-status');
  await expect(panel).toContainText('bubblewrap works');
  await expect(panel).toContainText('workspace-write');
  await expect(page.getByTestId('sandbox-warning')).toHaveCount(0);
  const status = await (await fetch(`${env.app.url}/api/status`)).json();
  expect(status.sandbox).toMatchObject({ mode: 'workspace-write', network: false, available: true });
});

test('kill -9 of the app mid-command leaves no shell process behind', async ({ page, env, workspace }) => {
  const id = randomUUID().slice(0, 8);
  const marker = `ca-sandbox-marker-${id}`;
  await page.goto(env.app.url);
  await page.getByTestId('workspace-input').fill(workspace);
  await page.getByTestId('workspace-open').click();
  await expect(page.getByTestId('active-workspace')).toContainText(workspace);
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('chat-input')).toBeVisible();

  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(BIG, call('run_shell', { command: `echo begin-${id}; sleep 30; touch ${marker}` }));
  await page.getByTestId('chat-input').fill('run the slow thing');
  await page.getByTestId('chat-input').press('Enter');
  await expect(page.getByTestId('turn').last().getByTestId('terminal')).toContainText(`begin-${id}`);
  // The command is running on the host (bwrap and the bash inside it carry the marker).
  expect(pgrep(marker).length).toBeGreaterThan(0);

  await env.app.kill('SIGKILL');
  try {
    await expect.poll(() => pgrep(marker), { timeout: 10_000 }).toEqual([]);
    // Nothing is left that could write it; a moment later it is still not there.
    await new Promise((r) => setTimeout(r, 2000));
    expect(pgrep(marker)).toEqual([]);
    expect(fs.existsSync(path.join(workspace, marker))).toBe(false);
  } finally {
    // A failed run must not leave its sleep behind either.
    for (const line of pgrep(marker)) {
      try {
        process.kill(Number(line.split(' ')[0]), 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    // The next tests in this worker need the app.
    await env.app.start();
  }
});

test('without bubblewrap on the PATH the home page says what to install and that every command will ask', async ({ page }) => {
  // A PATH with what the app needs to start, and no bwrap.
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-nobwrap-'));
  for (const tool of ['node', 'bash', 'sh']) fs.symlinkSync(execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
  const ollama = new ScriptedOllama({ models: MODELS });
  await ollama.start();
  const app = new AppServer({ ollamaUrl: ollama.url, env: { PATH: bin, CA_SHELL_POLICY: 'auto' } });
  try {
    await app.start();
    await page.goto(app.url);
    const warning = page.getByTestId('sandbox-warning');
    await expect(warning).toContainText('every command will ask for approval');
    await expect(warning).toContainText('sudo apt-get install bubblewrap');
    await expect(page.getByTestId('sandbox-status')).toContainText('not sandboxed');
    const status = await (await fetch(`${app.url}/api/status`)).json();
    expect(status.sandbox).toMatchObject({ available: false, install: 'sudo apt-get install bubblewrap' });
  } finally {
    await app.stop();
    await ollama.stop();
    fs.rmSync(bin, { recursive: true, force: true });
  }
});
