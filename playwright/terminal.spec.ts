// The same sessions in the terminal (issue 14): `ca chat` against the built
// server holding the data folder, driven through a real pseudo-terminal. A
// turn streams, an approval is answered at the prompt, Ctrl-C stops a reply;
// the session then opens in the browser, continues there, and the terminal
// follows it; `ca sessions` lists it.
import fs from 'node:fs';
import path from 'node:path';
import { appJson } from '../lib/http/client';
import { ptyRun, type Pty } from '../test/cli/pty';
import { expect, MODELS, serverTest } from './fixtures';
import { call, intent } from '../test/pipeline/scripts';
import { send, scriptIntent } from './ui';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

const test = serverTest({ models: MODELS }, { CA_SHELL_POLICY: 'ask' });

const ptys: Pty[] = [];
test.afterEach(async () => {
  for (const p of ptys.splice(0)) await p.kill();
});

test('a session started in the terminal continues in the browser and back', async ({ page, env, workspace }) => {
  const cliEnv = { HOME: env.app.home, CA_DATA_DIR: env.app.dataDir, OLLAMA_HOST: env.ollama.url };
  const term = ptyRun(['chat', '--workspace', workspace], cliEnv);
  ptys.push(term);
  await term.waitFor('> ');
  expect(term.text()).toContain(`on the server at ${env.app.url}`);
  const sessionId = /session (\S+)/.exec(term.text())![1]!;

  // A turn streams.
  env.ollama.script(SMALL, intent('conversational'), { content: 'Tabs or spaces: pick one and let the formatter decide.', delayMs: 5 });
  term.mark();
  term.type('tabs or spaces?\r');
  await term.waitFor(/Tabs or spaces: pick one and let the formatter decide\.\n\n> /);

  // An approval (shell policy "ask") is asked and answered at the prompt.
  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(BIG, call('run_shell', { command: 'echo from-the-terminal' }), { content: 'Done: it printed from-the-terminal.' });
  term.mark();
  term.type('run echo\r');
  await term.waitFor('run_shell wants to run: echo from-the-terminal');
  await term.waitFor('allow? [y/n]');
  term.type('y\r');
  await term.waitFor(/approved\n +│ from-the-terminal\n +→ exit 0/);
  await term.waitFor(/Done: it printed from-the-terminal\.\n\n> /);

  // Ctrl-C stops a streaming reply; the session is free again.
  env.ollama.script(SMALL, { chunks: ['Thinking it', ' over'], hang: true });
  term.mark();
  term.type('/quick something long\r');
  await term.waitFor('Thinking it over');
  term.type('\x03');
  await term.waitFor(/stopped\n\n> /);

  // The server has the terminal's turns.
  const { messages } = await appJson<{ messages: { role: string; content: string; partial: boolean }[] }>(env.app.url, `/api/sessions/${sessionId}/messages`);
  expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['tabs or spaces?', 'run echo', 'something long']);
  expect(messages.find((m) => m.role === 'tool')?.content).toContain('from-the-terminal');
  expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Thinking it over', partial: true });

  // The browser opens the same session with the terminal's turns in it.
  await page.goto(`${env.app.url}/sessions/${sessionId}`);
  const turns = page.getByTestId('turn');
  await expect(turns).toHaveCount(3);
  await expect(turns.nth(0)).toContainText('tabs or spaces?');
  await expect(turns.nth(0).getByTestId('assistant-message')).toContainText('pick one and let the formatter decide');
  await expect(turns.nth(1).getByTestId('terminal')).toContainText('from-the-terminal');
  await expect(turns.nth(2)).toHaveAttribute('data-status', 'cancelled');

  // A turn sent in the browser streams in the terminal too.
  env.ollama.script(SMALL, intent('conversational'), { content: 'Written in the browser, read in the terminal.', delayMs: 5 });
  term.mark();
  await send(page, 'hello from the browser');
  await expect(turns.nth(3)).toHaveAttribute('data-status', 'finished');
  await term.waitFor(/> hello from the browser \(from another window\)\n(?:.*\n)*Written in the browser, read in the terminal\.\n/);

  // Ctrl-C twice in a row leaves; the server still holds its data folder.
  term.type('\x03');
  await term.waitFor('Ctrl-C again leaves');
  term.type('\x03');
  expect(await term.exited).toBe(0);
  expect(JSON.parse(fs.readFileSync(path.join(env.app.dataDir, 'server.lock'), 'utf8'))).toMatchObject({ kind: 'server' });

  // `ca sessions` lists it; --session continues it, with the browser's turn in the conversation shown.
  const list = ptyRun(['sessions'], cliEnv);
  ptys.push(list);
  expect(await list.exited).toBe(0);
  expect(list.text()).toMatch(new RegExp(`^id +updated +workspace +title\\n${sessionId} +just now +${workspace.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +tabs or spaces\\?`, 'm'));

  const back = ptyRun(['chat', '--session', sessionId], cliEnv);
  ptys.push(back);
  await back.waitFor(/> hello from the browser\n+Written in the browser, read in the terminal\.\n/);
  await back.waitFor(/\n> $/);
  back.type('/exit\r');
  expect(await back.exited).toBe(0);
});

test('the terminal outlives a server restart: the reply cut off is marked interrupted, and the next turn runs on the new server', async ({ env, workspace }) => {
  const cliEnv = { HOME: env.app.home, CA_DATA_DIR: env.app.dataDir, OLLAMA_HOST: env.ollama.url };
  const term = ptyRun(['chat', '--workspace', workspace], cliEnv, 60_000);
  ptys.push(term);
  await term.waitFor('> ');
  env.ollama.script(SMALL, { chunks: ['Half of'], hang: true });
  term.mark();
  term.type('/quick a question\r');
  await term.waitFor('Half of');

  await env.app.restart(); // SIGKILL, then the same port again
  await term.waitFor(/■ interrupted: the server stopped while this run was in progress\n\n> /);

  env.ollama.reset();
  env.ollama.script(SMALL, { content: 'Answered after the restart.' });
  term.mark();
  term.type('/quick again\r');
  await term.waitFor(/Answered after the restart\.\n\n> /);
  term.type('/exit\r');
  expect(await term.exited).toBe(0);
});
