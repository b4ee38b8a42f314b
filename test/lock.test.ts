// One process per data folder (issue 10, finding 4): the lock file that the
// server and an in-process `ca` command take, with real files and processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { serverAddress } from '../lib/server/address';
import { procStartOf, readLock } from '../lib/server/lock-file.mjs';
import { heldMessage, lockPath, takeLock, type LockHolder } from '../lib/server/lock';
import { dataDirFor } from '../scripts/data-dir.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
let home = '';
let dataDir = '';
beforeEach(() => {
  home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-lock-')));
  dataDir = path.join(home, 'data');
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(over: Partial<LockHolder>): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const holder: LockHolder = {
    app: 'code-assistant', pid: deadPid(), procStart: null, kind: 'server', port: 3000, url: 'http://127.0.0.1:3000',
    startedAt: '2026-01-01T00:00:00.000Z', token: 'theirs', ...over,
  };
  fs.writeFileSync(lockPath(dataDir), JSON.stringify(holder));
}

describe('takeLock', () => {
  it('creates the data folder and a lock naming this process, its kind and address', () => {
    const got = takeLock(dataDir, { kind: 'server', port: 3123, url: 'http://127.0.0.1:3123' });
    expect(got.ok).toBe(true);
    const seen = readLock(lockPath(dataDir));
    expect(seen.state).toBe('held');
    const h = (seen as { holder: LockHolder }).holder;
    expect(h).toMatchObject({ app: 'code-assistant', pid: process.pid, kind: 'server', port: 3123, url: 'http://127.0.0.1:3123' });
    expect(Date.parse(h.startedAt)).not.toBeNaN();
    // Nothing left beside it from the write-then-link.
    expect(fs.readdirSync(dataDir)).toEqual(['server.lock']);
  });

  it('refuses a second taker while the holder lives, naming its pid and address', () => {
    const first = takeLock(dataDir, { kind: 'server', port: 3123, url: 'http://127.0.0.1:3123' });
    const before = fs.readFileSync(lockPath(dataDir), 'utf8');
    const second = takeLock(dataDir, { kind: 'server', port: 3999, url: 'http://127.0.0.1:3999' });
    expect(first.ok && !second.ok).toBe(true);
    if (second.ok) return;
    expect(second.holder?.pid).toBe(process.pid);
    expect(second.message).toBe(
      `code-assistant is already running on this data folder (pid ${process.pid}) at http://127.0.0.1:3123 — open that, or stop it first; ` +
        `CA_DATA_DIR=<another folder> picks another data folder (this one is ${dataDir}).`,
    );
    expect(fs.readFileSync(lockPath(dataDir), 'utf8')).toBe(before);
  });

  it('names a command-line holder as such', () => {
    takeLock(dataDir, { kind: 'cli', command: 'pipeline' });
    const second = takeLock(dataDir, { kind: 'server', port: 3000, url: 'http://127.0.0.1:3000' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.message).toMatch(/^A code-assistant command is running on this data folder \(npm run ca -- pipeline, pid \d+\) — wait for it to finish/);
  });

  it('takes over the lock of a dead process, and says so', () => {
    const dead = deadPid();
    writeLock({ pid: dead, token: 'stale' });
    const lines: string[] = [];
    const got = takeLock(dataDir, { kind: 'server', port: 3001, url: 'http://127.0.0.1:3001' }, { log: (l) => lines.push(l) });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.tookOver?.pid).toBe(dead);
    expect(lines).toEqual([`Taking over ${lockPath(dataDir)}: its holder (pid ${dead}, server, since 2026-01-01T00:00:00.000Z) is gone.`]);
    expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.token).toBe(got.lock.holder.token);
  });

  it.runIf(procStartOf(process.pid) !== null)('takes over a lock whose pid now belongs to another process (a reused pid)', () => {
    writeLock({ pid: process.pid, procStart: '1', token: 'before-reboot' });
    const got = takeLock(dataDir, { kind: 'server' });
    expect(got.ok).toBe(true);
  });

  it.each([
    ['an empty file', '', 'it is empty'],
    ['garbage', 'not json {', 'it is not JSON'],
    ['another program', '{"pid": 12}', 'it is not a code-assistant lock'],
    ['pid 0 (would signal our own process group)', JSON.stringify({ app: 'code-assistant', pid: 0, kind: 'server', token: 't', port: null, url: null, procStart: null }), 'its pid is not a positive whole number'],
    ['pid -1 (would signal every process)', JSON.stringify({ app: 'code-assistant', pid: -1, kind: 'server', token: 't', port: null, url: null, procStart: null }), 'its pid is not a positive whole number'],
    ['a bad url', JSON.stringify({ app: 'code-assistant', pid: 1, kind: 'server', token: 't', port: 1, url: 'file:///etc/passwd', procStart: null }), 'its url is not an http(s) URL'],
  ])('refuses to guess about %s and leaves it alone', (_what, content, reason) => {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(lockPath(dataDir), content);
    const got = takeLock(dataDir, { kind: 'server' });
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.message).toBe(
        `The lock file ${lockPath(dataDir)} cannot be read (${reason}), so it is not known whether another code-assistant uses this data folder. ` +
          'If no code-assistant server or `npm run ca` command is running, delete that file and start again.',
      );
    }
    expect(fs.readFileSync(lockPath(dataDir), 'utf8')).toBe(content);
  });
});

describe('release', () => {
  it('removes the lock once, and then it can be taken again', () => {
    const got = takeLock(dataDir, { kind: 'cli', command: 'quick' });
    if (!got.ok) throw new Error(got.message);
    expect(got.lock.release()).toBe(true);
    expect(fs.existsSync(lockPath(dataDir))).toBe(false);
    expect(got.lock.release()).toBe(false);
    expect(takeLock(dataDir, { kind: 'server' }).ok).toBe(true);
  });

  it('never removes a lock that is no longer ours', () => {
    const got = takeLock(dataDir, { kind: 'server' });
    if (!got.ok) throw new Error(got.message);
    writeLock({ pid: process.pid, token: 'someone-else' }); // e.g. ours was taken over while we hung
    expect(got.lock.release()).toBe(false);
    expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.token).toBe('someone-else');
  });

  it('happens when the process exits, and not before', async () => {
    const child = taker();
    await nextLine(child);
    child.stdin!.write('go\n');
    const first = JSON.parse(await nextLine(child));
    expect(first.ok).toBe(true);
    expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.pid).toBe(first.pid);
    await closeAndWait(child);
    expect(fs.existsSync(lockPath(dataDir))).toBe(false);
  });
});

describe('two starters at once', () => {
  it('over a stale lock: one that looked first never removes the lock the other just took', () => {
    writeLock({ pid: deadPid(), token: 'stale' });
    let second: ReturnType<typeof takeLock> | null = null;
    // The first starter has seen the stale lock; the second takes it over completely before the first goes on.
    const first = takeLock(dataDir, { kind: 'server', port: 1, url: 'http://127.0.0.1:1' }, {
      onStale: () => (second ??= takeLock(dataDir, { kind: 'server', port: 2, url: 'http://127.0.0.1:2' })),
    });
    expect(second!.ok).toBe(true);
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.message).toContain('at http://127.0.0.1:2');
    expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.port).toBe(2);
  });

  it('waits for a live starter in the middle of a takeover, and clears the guard of a dead one', () => {
    writeLock({ pid: deadPid(), token: 'stale' });
    const guard = `${lockPath(dataDir)}.takeover`;
    fs.writeFileSync(guard, JSON.stringify({ pid: process.pid, procStart: procStartOf(process.pid) }));
    const busy = takeLock(dataDir, { kind: 'server' });
    expect(busy.ok).toBe(false);
    if (!busy.ok) expect(busy.message).toMatch(/another process kept taking over the stale lock.*delete .*server\.lock\.takeover/);
    expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.token).toBe('stale');
    fs.writeFileSync(guard, JSON.stringify({ pid: deadPid(), procStart: null }));
    expect(takeLock(dataDir, { kind: 'server' }).ok).toBe(true);
    expect(fs.existsSync(guard)).toBe(false);
  });

  it('over a stale lock: exactly one wins, the others are refused naming it', async () => {
    writeLock({ pid: deadPid(), token: 'stale' });
    const children = Array.from({ length: 4 }, taker);
    try {
      await Promise.all(children.map(nextLine)); // all started: now all try at once
      for (const c of children) c.stdin!.write('go\n');
      const results = (await Promise.all(children.map(nextLine))).map((l) => JSON.parse(l) as { ok: boolean; pid?: number; message?: string });
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      for (const r of results.filter((x) => !x.ok)) expect(r.message).toContain(`(pid ${winners[0]!.pid}) at http://127.0.0.1:4321`);
      expect((readLock(lockPath(dataDir)) as { holder: LockHolder }).holder.pid).toBe(winners[0]!.pid);
    } finally {
      await Promise.all(children.map(closeAndWait));
    }
  });
});

function taker(): ChildProcess {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'test/support/take-lock.ts'), dataDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buf = '';
  child.stdout!.on('data', (d) => {
    buf += d;
    let cut: number;
    while ((cut = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, cut));
      buf = buf.slice(cut + 1);
      child.emit('line');
    }
  });
  (child as ChildProcess & { lines: string[] }).lines = lines;
  return child;
}

/** The child's next unread line of output. */
function nextLine(child: ChildProcess): Promise<string> {
  const lines = (child as ChildProcess & { lines: string[] }).lines;
  return new Promise((resolve, reject) => {
    const take = () => {
      if (!lines.length) return false;
      child.off('line', take);
      child.off('exit', early);
      resolve(lines.shift()!);
      return true;
    };
    const early = (code: number | null) => reject(new Error(`exited ${code} before a line`));
    if (take()) return;
    child.on('line', take);
    child.once('exit', early);
  });
}

function closeAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin!.end();
  return exited;
}

describe('the data folder start.mjs reads is the one the app uses', () => {
  const write = (toml: string) => {
    fs.mkdirSync(path.join(home, '.code-assistant'), { recursive: true });
    fs.writeFileSync(path.join(home, '.code-assistant', 'config.toml'), toml);
  };
  const same = (env: Record<string, string>) => expect(dataDirFor(env, home)).toBe(loadConfig({ env, homeDir: home }).dataDir);

  it.each([
    ['no config', null, {}],
    ['CA_DATA_DIR', null, { CA_DATA_DIR: '/tmp/elsewhere' }],
    ['CA_DATA_DIR with ~', null, { CA_DATA_DIR: '~/d' }],
    ['CA_DATA_DIR blank counts as unset', 'data_dir = "~/from-file"', { CA_DATA_DIR: '  ' }],
    ['data_dir in the machine file', 'data_dir = "~/from-file"', {}],
    ['a relative data_dir', 'data_dir = "rel/dir"', {}],
    ['CA_DATA_DIR over the file', 'data_dir = "~/from-file"', { CA_DATA_DIR: '/tmp/env-wins' }],
    ['malformed TOML', 'data_dir = "~/x\n[[[', {}],
    ['data_dir of the wrong type', 'data_dir = 5', {}],
    ['an empty data_dir', 'data_dir = ""', {}],
  ])('%s', (_what, toml, env) => {
    if (toml !== null) write(toml);
    same(env as Record<string, string>);
  });
});

describe('serverAddress (what register() knows of its port)', () => {
  it('prefers the origin next start records once it listens', () => {
    expect(serverAddress({ __NEXT_PRIVATE_ORIGIN: 'http://127.0.0.1:3456', PORT: '3456' }, [])).toEqual({ port: 3456, url: 'http://127.0.0.1:3456' });
    expect(serverAddress({ __NEXT_PRIVATE_ORIGIN: 'http://[::1]:3456' }, [])).toEqual({ port: 3456, url: 'http://[::1]:3456' });
  });
  it('falls back to PORT and the -H of argv, then to -p', () => {
    expect(serverAddress({ PORT: '4000' }, ['node', 'next', 'start', '-H', '::1'])).toEqual({ port: 4000, url: 'http://[::1]:4000' });
    expect(serverAddress({}, ['node', 'next', 'start', '--port=4001', '--hostname', '0.0.0.0'])).toEqual({ port: 4001, url: 'http://127.0.0.1:4001' });
    expect(serverAddress({ __NEXT_PRIVATE_ORIGIN: 'garbage', PORT: 'x' }, ['next', 'start'])).toEqual({ port: null, url: null });
  });
});

it('heldMessage without an address still names the pid', () => {
  expect(heldMessage({ pid: 7, kind: 'server', url: null, port: null }, '/d')).toMatch(/^code-assistant is already running on this data folder \(pid 7\) at an unknown address/);
});
