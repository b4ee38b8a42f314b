// One process per data folder (issue 10, finding 4), against the built app:
// a second server (bare `next start`, or `npm run start`) on the same data
// folder exits naming the first and touches nothing; the CLI talks to a
// running server over HTTP; a server refuses while an in-process CLI runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { appJson } from '../lib/http/client';
import { AppServer, freePort } from '../test/support/app-server';
import { ScriptedOllama } from '../test/support/scripted-ollama';
import { REQUIREMENT, scriptHappyPath, SMALL } from '../test/pipeline/support';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODELS = ['qwen2.5-coder:7b', 'qwen2.5-coder:14b', 'nomic-embed-text'];

interface Ran { code: number | null; out: string; err: string }

function run(cmd: string, args: string[], env: Record<string, string>) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, CA_APP_ROOT: ROOT, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<Ran>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  return { child, done };
}
const ca = (args: string[], env: Record<string, string>) => run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/ca.ts', ...args], env);
const envOf = (s: AppServer, ollama: ScriptedOllama) => ({ HOME: s.home, CA_DATA_DIR: s.dataDir, OLLAMA_HOST: ollama.url });

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!ok()) throw new Error(`gave up waiting for ${what}`);
}

let ollama: ScriptedOllama;
test.beforeEach(async () => {
  ollama = new ScriptedOllama({ models: MODELS });
  await ollama.start();
});
test.afterEach(async () => ollama.stop());

test('a second server on the same data folder exits naming the first, whose run and data are untouched', async () => {
  const first = new AppServer({ ollamaUrl: ollama.url });
  await first.start();
  try {
    // register() took the lock with the port next start listens on.
    const lockFile = path.join(first.dataDir, 'server.lock');
    const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    expect(lock).toMatchObject({ kind: 'server', port: first.port, url: first.url });

    // A turn is running on the first server (the model never finishes).
    ollama.script(SMALL, { content: 'Working', hang: true });
    const ws = path.join(first.home, 'project');
    fs.mkdirSync(ws);
    const { workspace } = await appJson<{ workspace: { id: string } }>(first.url, '/api/workspaces', { json: { path: ws } });
    const { session } = await appJson<{ session: { id: string } }>(first.url, '/api/sessions', { json: { workspaceId: workspace.id } });
    const { runId } = await appJson<{ runId: string }>(first.url, `/api/sessions/${session.id}/turns`, { json: { text: 'hello', quick: true } });
    await until('the model to be asked', () => ollama.chatRequests().length === 1);

    const message = `code-assistant is already running on this data folder (pid ${lock.pid}) at ${first.url} — open that, or stop it first; CA_DATA_DIR=<another folder> picks another data folder (this one is ${first.dataDir}).`;

    // `next start` run directly: refused from register(), before it opens the database.
    const second = new AppServer({ ollamaUrl: ollama.url, home: first.home, dataDir: first.dataDir });
    await expect(second.start()).rejects.toThrow(/app exited early/);
    expect(second.log).toContain(message);

    // `npm run start`: refused before building, with the same message.
    const port = await freePort();
    const started = run(process.execPath, ['scripts/start.mjs', '--port', String(port)], { HOME: first.home, CA_DATA_DIR: first.dataDir, OLLAMA_HOST: ollama.url });
    const r = await started.done;
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(r.out).not.toContain('Building');

    // The first still answers, still holds the lock, and its turn still runs.
    expect((await fetch(`${first.url}/api/status`)).ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).token).toBe(lock.token);
    const view = await appJson<{ activeRunId: string | null; runs: { id: string; status: string }[] }>(first.url, `/api/sessions/${session.id}`);
    expect(view.activeRunId).toBe(runId);
    expect(view.runs.find((x) => x.id === runId)?.status).toBe('running');
    expect(ollama.chatRequests()).toHaveLength(1);
  } finally {
    await first.stop();
  }
  expect(fs.existsSync(path.join(first.dataDir, 'server.lock'))).toBe(false);
});

test('ca pipeline and ca quick use the running server over HTTP', async () => {
  const server = new AppServer({ ollamaUrl: ollama.url });
  await server.start();
  try {
    const env = envOf(server, ollama);
    const ws = path.join(server.home, 'project');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(server.home, 'req.md'), REQUIREMENT);
    scriptHappyPath(ollama);
    const p = await ca(['pipeline', '--req-file', path.join(server.home, 'req.md'), '--workspace', ws], env).done;
    expect(p.err).toBe('');
    expect(p.code).toBe(0);
    const runId = /^pipeline run (\S+)$/m.exec(p.out)?.[1];
    expect(p.out).toContain('[Implement] implementer on qwen2.5-coder:14b');
    expect(p.out).toContain('=== Report ===\n3 of 3 acceptance criteria passed in round 2.');
    // The server ran it: it is in the server's list, and the server's lock was never replaced.
    const { pipelines } = await appJson<{ pipelines: { id: string }[] }>(server.url, '/api/pipelines');
    expect(pipelines.map((x) => x.id)).toContain(runId);
    expect(JSON.parse(fs.readFileSync(path.join(server.dataDir, 'server.lock'), 'utf8')).kind).toBe('server');

    ollama.reset();
    ollama.script(SMALL, { content: '`git reflog` lists where HEAD has been.' });
    const q = await ca(['quick', 'what does git reflog do?'], { ...env, INIT_CWD: ws }).done;
    expect(q.code).toBe(0);
    expect(q.out).toBe('`git reflog` lists where HEAD has been.\n');
    expect(ollama.chatRequests()[0].tools).toBeUndefined();
    // A quick turn in a session of the folder it was asked from.
    const { sessions } = await appJson<{ sessions: { workspacePath: string }[] }>(server.url, '/api/sessions');
    expect(sessions.map((s) => s.workspacePath)).toEqual([fs.realpathSync(ws)]);
  } finally {
    await server.stop();
  }
});

test('a server started while an in-process ca command runs refuses, naming the command', async () => {
  const server = new AppServer({ ollamaUrl: ollama.url });
  const env = envOf(server, ollama);
  ollama.script(SMALL, { content: 'Thinking', hang: true });
  const cli = ca(['quick', 'a long question'], env);
  await until('the model to be asked', () => ollama.chatRequests().length === 1);
  const lock = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'server.lock'), 'utf8'));
  expect(lock).toMatchObject({ kind: 'cli', command: 'quick' });
  await expect(server.start()).rejects.toThrow(/app exited early/);
  expect(server.log).toContain(`A code-assistant command is running on this data folder (npm run ca -- quick, pid ${lock.pid}) — wait for it to finish, or stop it first`);
  cli.child.kill('SIGINT');
  expect((await cli.done).code).toBe(130);
  // Once the command is done, the server starts.
  await server.start();
  try {
    expect(JSON.parse(fs.readFileSync(path.join(server.dataDir, 'server.lock'), 'utf8'))).toMatchObject({ kind: 'server', port: server.port });
  } finally {
    await server.stop();
  }
});
