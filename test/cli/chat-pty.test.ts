// `ca chat` in-process (no server holds the data folder), driven through a
// real pseudo-terminal (and once from a pipe): a turn streams, an approval is asked and answered at
// the prompt, Ctrl-C stops a streaming reply and twice leaves, and the
// session's rows are what the browser reads.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createApp } from '../../lib/app';
import { listSessions, transcript } from '../../lib/sessions/sessions';
import { ScriptedOllama } from '../support/scripted-ollama';
import { call, intent, say } from '../support/test-app';
import { ptyRun, type Pty } from './pty';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

let home: string;
let workspace: string;
let ollama: ScriptedOllama;
let env: Record<string, string>;
const ptys: Pty[] = [];

beforeEach(async () => {
  home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-chat-')));
  workspace = path.join(home, 'project');
  fs.mkdirSync(workspace);
  ollama = new ScriptedOllama({ models: [SMALL, BIG, 'nomic-embed-text'] });
  await ollama.start();
  env = { HOME: home, CA_DATA_DIR: path.join(home, 'data'), OLLAMA_HOST: ollama.url, CA_SHELL_POLICY: 'ask' };
});

afterEach(async () => {
  for (const p of ptys.splice(0)) await p.kill();
  await ollama.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

function chat(args: string[]): Pty {
  const p = ptyRun(['chat', ...args], env);
  ptys.push(p);
  return p;
}

/** The data folder as the browser's server would read it, once the terminal has let go of it. */
function stored() {
  const app = createApp({ homeDir: home, env: { CA_DATA_DIR: path.join(home, 'data'), OLLAMA_HOST: ollama.url } });
  try {
    const sessions = listSessions(app.db);
    return { sessions, messages: sessions.length ? transcript(app.db, sessions[0]!.id) : [] };
  } finally {
    app.db.$client.close();
  }
}

it('streams a turn, asks the approval at the prompt, and the session is in the database', async () => {
  const p = chat(['--workspace', workspace]);
  await p.waitFor('> ');
  expect(p.text()).toContain(`${workspace} · in this process`);

  // A conversational answer, streamed token by token.
  ollama.script(SMALL, intent('conversational'), { content: 'A monad wraps a value with a way to chain steps.', delayMs: 5 });
  p.mark();
  p.type('what is a monad?\r');
  await p.waitFor(/A monad wraps a value with a way to chain steps\.\n\n> /);

  // A shell command under policy "ask": asked here, answered y.
  ollama.script(SMALL, intent('implementation'));
  ollama.script(BIG, call('run_shell', { command: 'echo hello-from-shell' }), say('Ran it.'));
  p.mark();
  p.type('run echo for me\r');
  await p.waitFor('run_shell wants to run: echo hello-from-shell');
  await p.waitFor('allow? [y/n]');
  p.type('maybe\r');
  await p.waitFor('answer y or n');
  p.type('y\r');
  await p.waitFor('approved');
  await p.waitFor(/\$ echo hello-from-shell\n.*\n.*\n.*\n.*\n +approved\n +│ hello-from-shell\n +→ exit 0/);
  await p.waitFor(/Ran it\.\n\n> /);

  p.type('/exit\r');
  expect(await p.exited).toBe(0);
  expect(fs.existsSync(path.join(home, 'data', 'server.lock'))).toBe(false);
  const { sessions, messages } = stored();
  expect(sessions.map((s) => [s.workspacePath, s.title])).toEqual([[workspace, 'what is a monad?']]);
  expect(messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['what is a monad?', 'run echo for me']);
  expect(messages.find((m) => m.role === 'tool')?.content).toContain('hello-from-shell');
}, 90_000);

it('Ctrl-C stops a streaming reply, twice in a row leaves; --resume shows the conversation', async () => {
  const p = chat(['--workspace', workspace]);
  await p.waitFor('> ');
  ollama.script(SMALL, { chunks: ['Let me think', ' about that'], hang: true });
  p.mark();
  p.type('/quick a long question\r');
  await p.waitFor('Let me think about that');
  p.type('\x03');
  await p.waitFor('stopped');
  await p.waitFor(/stopped\n\n> /);
  expect(ollama.chatRequests()).toHaveLength(1);
  p.type('\x03');
  expect(await p.exited).toBe(0);
  expect(fs.existsSync(path.join(home, 'data', 'server.lock'))).toBe(false);

  const { sessions, messages } = stored();
  expect(messages.map((m) => [m.role, m.content, m.partial])).toEqual([
    ['user', 'a long question', false],
    ['assistant', 'Let me think about that', true],
  ]);

  // `ca sessions` lists it (in-process too).
  const list = ptyRun(['sessions'], env);
  ptys.push(list);
  expect(await list.exited).toBe(0);
  expect(list.text()).toMatch(new RegExp(`^${sessions[0]!.id} +just now +${workspace} +a long question$`, 'm'));

  // The same session again, with its conversation shown.
  const again = chat(['--resume', '--workspace', workspace]);
  await again.waitFor(/> a long question\n+Let me think about that\n +\[reply interrupted\]/, 'all');
  await again.waitFor(/\n> $/, 'all');
  expect(/session (\S+)/.exec(again.text())?.[1]).toBe(sessions[0]!.id);
  again.type('\x04'); // Ctrl-D
  expect(await again.exited).toBe(0);
}, 90_000);

it('a terminal closed mid-reply (SIGHUP) records the reply as stopped, not running, and lets go of the data folder', async () => {
  const p = chat(['--workspace', workspace]);
  await p.waitFor('> ');
  ollama.script(SMALL, { chunks: ['Half an answer'], hang: true });
  p.mark();
  p.type('/quick tell me everything\r');
  await p.waitFor('Half an answer');
  await p.kill(); // script hangs up the pty: SIGHUP
  expect(fs.existsSync(path.join(home, 'data', 'server.lock'))).toBe(false);
  const app = createApp({ homeDir: home, env: { CA_DATA_DIR: path.join(home, 'data'), OLLAMA_HOST: ollama.url } });
  try {
    expect(app.db.$client.prepare('SELECT status FROM runs').all()).toEqual([{ status: 'cancelled' }]);
  } finally {
    app.db.$client.close();
  }
  expect(stored().messages.map((m) => [m.role, m.content, m.partial])).toEqual([
    ['user', 'tell me everything', false],
    ['assistant', 'Half an answer', true],
  ]);
}, 60_000);

/** `ca chat` with its input from a pipe (no terminal): lines wait for the reply before them. */
function piped(args: string[], input: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/ca.ts', 'chat', ...args], { cwd: ROOT, env: { ...process.env, CA_APP_ROOT: ROOT, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

it('from a pipe: each line waits for the reply before it, an approval takes the next line, and the end of input denies an open question', async () => {
  ollama.script(SMALL, say('First answer.'), intent('implementation'), say('Bye.'));
  ollama.script(BIG, call('run_shell', { command: 'echo piped-shell' }), say('Ran.'));
  const r = await piped(['--workspace', workspace], '/quick first\nrun echo\ny\n/quick bye\n');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/> \/quick first\n(?:.*\n)*First answer\.\n(?:.*\n)*> run echo\n(?:.*\n)*  \? run_shell wants to run: echo piped-shell\n(?:.*\n)*  allow\? \[y\/n\] y\n +approved\n +│ piped-shell\n +→ exit 0.*\nRan\.\n(?:.*\n)*> \/quick bye\n(?:.*\n)*Bye\.\n/);
  expect(r.out).not.toContain('a reply is running');

  ollama.script(SMALL, intent('implementation'));
  ollama.script(BIG, call('run_shell', { command: 'echo never' }), say('It was not allowed.'));
  const unanswered = await piped(['--workspace', workspace, '--resume'], 'run it\n');
  expect(unanswered.code).toBe(0);
  expect(unanswered.out).toMatch(/wants to run: echo never\n(?:.*\n)* +no answer \(the input ended\): denied\n +denied\n(?:.*\n)*It was not allowed\.\n/);
  expect(fs.existsSync(path.join(home, 'data', 'server.lock'))).toBe(false);
}, 90_000);

it('/index and /remember are the engine\'s: the workspace is embedded, a note is written, each summary printed', async () => {
  fs.writeFileSync(path.join(workspace, 'calc.py'), 'def add(a, b):\n    return a + b\n');
  const r = await piped(['--workspace', workspace], '/index .\n');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/> \/index \.\n  · Scanning \.…\n  · 1\/1 files · 0 chunks embedded · 0 unchanged\n  Indexed 1 file: 1 chunk \(1 embedded in 1 call, 0 unchanged\), in [\d.]+ \w+\.\n/);
  expect(ollama.requests.some((q) => q.path === '/api/embed')).toBe(true);

  const note = await piped(['--workspace', workspace, '--resume'], '/remember run tests with pytest -q\n');
  expect(note.code).toBe(0);
  expect(fs.readFileSync(path.join(workspace, 'AGENTS.md'), 'utf8')).toContain('run tests with pytest -q');
  expect(note.out).toMatch(/> \/remember run tests with pytest -q\n  ✎ \w+ AGENTS\.md \(\+\d+ -0\)(?: · \d+ ms)?\n  Remembered in AGENTS\.md: the next turns read it\.\n/);
}, 90_000);
