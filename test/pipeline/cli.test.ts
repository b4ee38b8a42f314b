// The headless CLI: strict flags (the article's `-req-file` bug), bad input
// before anything is opened, and whole runs in a child process.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args';
import { runPipelineCommand } from '../../cli/pipeline';
import { say, testApp, type TestApp } from '../support/test-app';
import { REQUIREMENT, scriptHappyPath, SMALL } from './support';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

function ca(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return caChild(args, env).done;
}

function caChild(args: string[], env: Record<string, string>) {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['cli/ca.ts', ...args], { cwd: ROOT, env: { ...process.env, CA_APP_ROOT: ROOT, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  return { child, done };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!ok()) throw new Error(`gave up waiting for ${what}`);
}

describe('ca flags', () => {
  const ok = { command: 'pipeline', reqFile: 'req.md', workspace: '/w' };
  it.each([
    [['pipeline', '--req-file', 'req.md', '--workspace', '/w'], ok],
    [['pipeline', '--workspace=/w', '--req-file=req.md'], ok],
    [['quick', 'what', 'does', 'git reflog do?'], { command: 'quick', question: 'what does git reflog do?' }],
    [['quick', '--', '-x flag?'], { command: 'quick', question: '-x flag?' }],
    [['help'], { command: 'help' }],
    [['pipeline', '--help'], { command: 'help' }],
  ])('accepts %j', (argv, want) => {
    expect(parseArgs(argv)).toEqual(want);
  });

  it.each([
    [['pipeline', '-req-file', 'req.md', '--workspace', '/w'], 'Unknown option -req-file: long options take two dashes. Did you mean --req-file?'],
    [['pipeline', '--req-file', 'req.md', '-workspace', '/w'], 'Unknown option -workspace: long options take two dashes. Did you mean --workspace?'],
    [['pipeline', '--reqfile', 'req.md'], 'Unknown option --reqfile. Did you mean --req-file?'],
    [['pipeline', '-r', 'req.md'], 'Unknown option -r: there are no one-letter options. Use --req-file or --workspace.'],
    [['pipeline', '--req-file', '--workspace', '/w'], '--req-file needs a value: the path of the requirement document.'],
    [['pipeline', '--req-file='], '--req-file needs a value: the path of the requirement document.'],
    [['pipeline', '--req-file', 'a', '--req-file', 'b'], '--req-file was given twice.'],
    [['pipeline', 'req.md'], 'Unexpected argument "req.md". pipeline takes only --req-file FILE and --workspace DIR.'],
    [['pipeline', '--req-file', 'req.md'], 'pipeline needs --workspace DIR (the folder to build in).'],
    [['pipline'], 'Unknown command "pipline". Did you mean pipeline? Commands: pipeline, quick, chat, sessions, help.'],
    [[], 'Give a command: pipeline, quick, chat, sessions or help.'],
    [['quick'], 'quick needs a question, e.g. npm run ca -- quick "what does git reflog do?"'],
    [['quick', '-v', 'hi'], 'Unknown option -v. This command takes no options. To ask about something that starts with a dash, put -- before the question.'],
  ])('refuses %j', (argv, error) => {
    expect(parseArgs(argv)).toEqual({ error });
  });
});

describe('ca pipeline', () => {
  it('refuses a non-UTF-8 document or a folder it cannot write before opening anything', async () => {
    t = await testApp();
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), cwd: t.home };
    const never = () => {
      throw new Error('the app must not be opened');
    };
    fs.writeFileSync(path.join(t.home, 'latin1.md'), Buffer.from('# Caf\xe9\n', 'latin1'));
    expect(await runPipelineCommand(never, 'latin1.md', t.workspace, io)).toBe(2);
    expect(lines.pop()).toBe(`${path.join(t.home, 'latin1.md')} is not UTF-8 text (invalid byte 0xe9 at offset 5). Save it as UTF-8 and try again.`);
    fs.writeFileSync(path.join(t.home, 'empty.md'), '\n\n');
    expect(await runPipelineCommand(never, 'empty.md', t.workspace, io)).toBe(2);
    expect(lines.pop()).toMatch(/empty\.md is empty/);
    fs.writeFileSync(path.join(t.home, 'req.md'), REQUIREMENT);
    expect(await runPipelineCommand(never, 'req.md', '/sys/kernel', io)).toBe(2);
    expect(lines.pop()).toMatch(/^--workspace: \/sys\/kernel is not writable/);
    expect(await runPipelineCommand(never, 'nope.md', t.workspace, io)).toBe(2);
    expect(lines.pop()).toBe(`Cannot read --req-file ${path.join(t.home, 'nope.md')}: no such file`);
  });

  it('refuses the app\'s own data folder as a workspace, as the server does', async () => {
    const a = await testApp();
    t = a;
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), cwd: a.home };
    fs.writeFileSync(path.join(a.home, 'req.md'), REQUIREMENT);
    const inside = path.join(a.app.dataDir, 'project');
    fs.mkdirSync(inside, { recursive: true });
    expect(await runPipelineCommand(() => ({ app: a.app }), 'req.md', inside, io)).toBe(2);
    expect(lines.pop()).toMatch(/^--workspace: .* is inside the app's data folder/);
    expect(a.app.db.$client.prepare("SELECT count(*) AS n FROM runs WHERE kind = 'pipeline'").get()).toEqual({ n: 0 });
  });

  it('one dash is an error with exit code 2, and nothing is created', async () => {
    const home = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'ca-cli-'));
    try {
      const r = await ca(['pipeline', '-req-file', 'req.md', '--workspace', home], { HOME: home, CA_DATA_DIR: path.join(home, 'data') });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^Unknown option -req-file: long options take two dashes\. Did you mean --req-file\?\n\nUsage:/);
      expect(fs.existsSync(path.join(home, 'data'))).toBe(false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it('runs a whole pipeline, prints progress and the report, exits 0 when every criterion passed', async () => {
    t = await testApp();
    scriptHappyPath(t.ollama);
    fs.writeFileSync(path.join(t.home, 'req.md'), REQUIREMENT);
    // INIT_CWD is where the user typed `npm run ca`: relative paths resolve there.
    const env = { HOME: t.home, CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url, INIT_CWD: t.home };
    const r = await ca(['pipeline', '--req-file', 'req.md', '--workspace', 'project'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('[Implement] implementer on qwen2.5-coder:14b');
    expect(r.out).toContain('round 1: 2/3 passed (failed: C2 exit code 1)');
    expect(r.out).toContain('=== Report ===\n3 of 3 acceptance criteria passed in round 2.');
    expect(r.out).toMatch(/criterion +round 1 +round 2\n +C1 +passed +passed\n +C2 +failed +passed/);
    expect(fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8')).toContain('a * b');
    // It held the data folder's lock while it ran, and let go of it.
    expect(fs.existsSync(path.join(t.home, 'data', 'server.lock'))).toBe(false);
    }, 90_000); // a child process running seven phases with real shell commands, on a busy machine

  it('quick answers from the quick model, no tools', async () => {
    t = await testApp();
    t.ollama.script(SMALL, say('`git reflog` lists where HEAD has been.'));
    const r = await ca(['quick', 'what does git reflog do?'], { HOME: t.home, CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url });
    expect(r.code).toBe(0);
    expect(r.out).toBe('`git reflog` lists where HEAD has been.\n');
    expect(t.ollama.chatRequests()[0].tools).toBeUndefined();
  });

  it('holds the data folder while it runs in-process: a second command is refused naming it, and Ctrl+C lets go', async () => {
    t = await testApp();
    t.ollama.script(SMALL, { content: 'Thinking', hang: true });
    const env = { HOME: t.home, CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url };
    const lockFile = path.join(t.home, 'data', 'server.lock');
    const first = caChild(['quick', 'a long question'], env);
    await until('the quick model to be asked', () => t!.ollama.chatRequests().length === 1);
    const holder = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    expect(holder).toMatchObject({ kind: 'cli', command: 'quick', port: null, url: null });
    const second = await ca(['quick', 'another'], env);
    expect(second.code).toBe(1);
    expect(second.err).toBe(
      `A code-assistant command is running on this data folder (npm run ca -- quick, pid ${holder.pid}) — wait for it to finish, or stop it first; ` +
        `CA_DATA_DIR=<another folder> picks another data folder (this one is ${path.join(t.home, 'data')}).\n`,
    );
    expect(t.ollama.chatRequests()).toHaveLength(1);
    first.child.kill('SIGINT');
    const r = await first.done;
    expect(r.code).toBe(130);
    expect(fs.existsSync(lockFile)).toBe(false);
  }, 90_000);

  it('takes over the lock a killed command left, and says so', async () => {
    t = await testApp();
    t.ollama.script(SMALL, say('fine'));
    const dataDir = path.join(t.home, 'data');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = { app: 'code-assistant', pid: Number(dead), procStart: null, kind: 'cli', command: 'pipeline', port: null, url: null, startedAt: '2026-01-01T00:00:00.000Z', token: 'old' };
    fs.writeFileSync(path.join(dataDir, 'server.lock'), JSON.stringify(stale));
    const r = await ca(['quick', 'ok?'], { HOME: t.home, CA_DATA_DIR: dataDir, OLLAMA_HOST: t.ollama.url });
    expect(r.code).toBe(0);
    expect(r.out).toBe('fine\n');
    expect(r.err).toBe(`Taking over ${path.join(dataDir, 'server.lock')}: its holder (pid ${dead}, cli, since 2026-01-01T00:00:00.000Z) is gone.\n`);
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
  }, 60_000);
});
