// The shell sandbox tried as an attacker would: every probe is a real command
// under bubblewrap in a temp workspace, and what it may not do is checked on
// the real disk and network, not by what the command says.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { promises as fs, existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { runTool } from '../../lib/tools';
import { checkSandbox, hiddenFolders, INSTALL_COMMAND, sandboxStatus } from '../../lib/tools/sandbox';
import { configSchema } from '../../lib/config/schema';
import { machineConfigPath } from '../../lib/config';
import { toolSettings } from '../../lib/agents/chat';
import { pipelineToolSettings } from '../../lib/pipeline/env';
import { makeCtx, makeWorkspace, exists } from './helpers';
import { ChromaService } from '../../lib/rag/connect';
import { SymbolIndexers } from '../../lib/symbols/indexers';

const sh = (ws: string, command: string, over: Parameters<typeof makeCtx>[1] = {}) => runTool('run_shell', { command }, makeCtx(ws, over));

/** Real paths an attack may have created; removed whatever the outcome. */
const litter: string[] = [];
afterEach(() => {
  for (const p of litter.splice(0)) rmSync(p, { recursive: true, force: true });
});

let server: http.Server;
let port = 0;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('secret-from-loopback'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** bash only: no curl needed on the machine. */
const fetchLoopback = () => `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`;

describe('sandbox: bubblewrap is there and works on this machine', () => {
  it('probes bwrap and reports it usable', async () => {
    const v = await checkSandbox(process.env.PATH ?? '');
    expect(v, v.reason).toMatchObject({ ok: true });
    expect(v.bwrap).toMatch(/\/bwrap$/);
  });

  it('the status says so, and off says commands are not sandboxed', async () => {
    expect(await sandboxStatus({ shell_sandbox: 'workspace-write', shell_network: false })).toMatchObject({ mode: 'workspace-write', available: true });
    const off = await sandboxStatus({ shell_sandbox: 'off', shell_network: false });
    expect(off).toMatchObject({ mode: 'off', available: null });
    expect(off.reason).toMatch(/plain bash/);
  });
});

describe('sandbox workspace-write (the default): what a command cannot do', () => {
  it('cannot create files in the home folder', async () => {
    const ws = await makeWorkspace();
    const name = `ca-outside-${randomUUID()}`;
    const real = path.join(os.homedir(), name);
    litter.push(real);
    await sh(ws, `touch ~/${name}`);
    expect(existsSync(real)).toBe(false);
  });

  it('cannot write to /etc', async () => {
    const ws = await makeWorkspace();
    const real = `/etc/ca-sandbox-${randomUUID()}`;
    litter.push(real);
    const r = await sh(ws, `echo pwned > ${real}`);
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/Read-only file system|Permission denied/);
    expect(existsSync(real)).toBe(false);
  });

  it('cannot read the machine config (API keys) or the data folder', async () => {
    const ws = await makeWorkspace();
    // Outside /tmp on purpose: the private /tmp alone would hide a folder under it.
    const home = await fs.mkdtemp(path.join('/var/tmp', 'ca-home-'));
    litter.push(home);
    const configDir = path.dirname(machineConfigPath(home));
    const dataDir = path.join(home, 'data');
    await fs.mkdir(configDir, { recursive: true });
    await fs.mkdir(dataDir);
    await fs.writeFile(path.join(configDir, 'config.toml'), 'anthropic_api_key = "sk-ant-leak-me"\n');
    await fs.writeFile(path.join(dataDir, 'code-assistant.db'), 'db-content-leak-me');
    const r = await sh(ws, `cat ${configDir}/config.toml; cat ${dataDir}/code-assistant.db; ls -a ${configDir}`, { sandboxHide: [configDir, dataDir] });
    expect(r.content).not.toContain('leak-me');
    expect(r.content).not.toContain('config.toml\n');
    // The folders are still there for the app.
    expect(await fs.readFile(path.join(configDir, 'config.toml'), 'utf8')).toContain('leak-me');
  });

  it('hides the folders named by the tool env too (the file tools\' private folders)', async () => {
    const ws = await makeWorkspace();
    const dir = await fs.mkdtemp(path.join('/var/tmp', 'ca-private-'));
    litter.push(dir);
    await fs.writeFile(path.join(dir, 'key'), 'leak-me');
    const ctx = makeCtx(ws);
    ctx.env = { config: configSchema.parse({}), db: null as never, workspaceId: 'w', dataDir: dir, privateDirs: [dir], symbols: new SymbolIndexers(), chroma: new ChromaService() };
    const r = await runTool('run_shell', { command: `cat ${dir}/key` }, ctx);
    expect(r.content).not.toContain('leak-me');
  });

  it('cannot reach a loopback HTTP server', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, fetchLoopback());
    expect(r.ok).toBe(false);
    expect(r.content).not.toContain('secret-from-loopback');
  });

  it('cannot see or signal the app\'s processes (own PID namespace)', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, `kill -0 ${process.pid} && echo ALIVE-VISIBLE`);
    expect(r.content).not.toContain('ALIVE-VISIBLE');
  });

  it('can still write, build and read in the workspace, even when it lives under /tmp', async () => {
    const ws = await makeWorkspace({ 'in.txt': 'input\n' });
    expect(ws.startsWith(os.tmpdir())).toBe(true);
    const r = await sh(ws, 'cat in.txt > out.txt && mkdir -p sub && echo made > sub/f && cat sub/f && echo t > /tmp/scratch && cat /tmp/scratch');
    expect(r.ok, r.content).toBe(true);
    expect(await fs.readFile(path.join(ws, 'out.txt'), 'utf8')).toBe('input\n');
    expect(await exists(ws, 'sub/f')).toBe(true);
  });

  it('the private /tmp is not the real one', async () => {
    const ws = await makeWorkspace();
    const name = `ca-tmp-${randomUUID()}`;
    litter.push(path.join('/tmp', name));
    await sh(ws, `echo x > /tmp/${name}`);
    expect(existsSync(path.join('/tmp', name))).toBe(false);
  });
});

describe('sandbox read-only and network settings', () => {
  it('read-only refuses writes in the workspace but reads it', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'readable\n' });
    const r = await sh(ws, 'cat a.txt; touch b.txt', { shellSandbox: 'read-only' });
    expect(r.ok).toBe(false);
    expect(r.content).toContain('readable');
    expect(r.content).toMatch(/Read-only file system/);
    expect(await exists(ws, 'b.txt')).toBe(false);
  });

  it('shell_network = true lets the command reach the loopback server', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, fetchLoopback(), { shellNetwork: true });
    expect(r.ok, r.content).toBe(true);
    expect(r.content).toContain('secret-from-loopback');
  });

  it('off runs plain bash, as before', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, fetchLoopback(), { shellSandbox: 'off' });
    expect(r.content).toContain('secret-from-loopback');
  });
});

describe('sandbox: bubblewrap missing', () => {
  let savedPath: string | undefined;
  let bin = '';
  beforeAll(async () => {
    // A PATH with bash and touch but no bwrap.
    bin = await fs.mkdtemp(path.join(os.tmpdir(), 'ca-nobwrap-'));
    for (const tool of ['bash', 'touch', 'cat']) {
      const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p))!;
      await fs.symlink(found, path.join(bin, tool));
    }
    savedPath = process.env.PATH;
    process.env.PATH = bin;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await fs.rm(bin, { recursive: true, force: true });
  });

  it('is reported with the package to install', async () => {
    const v = await checkSandbox(bin);
    expect(v.ok).toBe(false);
    expect(v.bwrap).toBeNull();
    expect(v.reason).toMatch(/bwrap.*not found/i);
    const st = await sandboxStatus({ shell_sandbox: 'workspace-write', shell_network: false });
    expect(st).toMatchObject({ available: false, install: INSTALL_COMMAND });
    expect(st.message).toMatch(/every command needs approval/);
  });

  it('asks for every command even under shell_policy auto, and says why', async () => {
    const ws = await makeWorkspace();
    const asked: { command: string; note?: string }[] = [];
    const errs: string[] = [];
    const r = await sh(ws, 'touch approved', {
      shellPolicy: 'auto',
      approve: async (command, note) => (asked.push({ command, note }), true),
      output: (_s, t) => void errs.push(t),
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]!.command).toBe('touch approved');
    expect(asked[0]!.note).toContain(INSTALL_COMMAND);
    expect(errs.join('')).toContain(INSTALL_COMMAND);
    expect(r.content).toContain(INSTALL_COMMAND);
    expect(r.content).toMatch(/not sandboxed/);
    expect(await exists(ws, 'approved')).toBe(true);
  });

  it('does not run when declined', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, 'touch declined', { shellPolicy: 'auto', approve: async () => false });
    expect(r.ok).toBe(false);
    expect(await exists(ws, 'declined')).toBe(false);
  });

  it('refuses, with the message, when no one can approve (the Tester\'s criteria)', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, 'touch nobody', { shellPolicy: 'auto' });
    expect(r.ok).toBe(false);
    expect(r.content).toContain(INSTALL_COMMAND);
    expect(r.content).toMatch(/every command needs approval/);
    expect(await exists(ws, 'nobody')).toBe(false);
  });

  it('shell_sandbox = off runs without asking (the user chose it)', async () => {
    const ws = await makeWorkspace();
    const r = await sh(ws, 'touch plain', { shellPolicy: 'auto', shellSandbox: 'off' });
    expect(r.ok, r.content).toBe(true);
    expect(await exists(ws, 'plain')).toBe(true);
  });
});

describe('sandbox settings from the config', () => {
  it('chat and pipeline settings carry the mode, the network flag and the folders to hide', () => {
    const c = configSchema.parse({ shell_sandbox: 'read-only', shell_network: true, data_dir: '/srv/ca-data' });
    for (const s of [toolSettings(c), pipelineToolSettings(c)]) {
      expect(s.shellSandbox).toBe('read-only');
      expect(s.shellNetwork).toBe(true);
      expect(s.sandboxHide).toEqual(expect.arrayContaining(['/srv/ca-data', path.dirname(machineConfigPath())]));
    }
    const d = configSchema.parse({});
    expect(toolSettings(d)).toMatchObject({ shellSandbox: 'workspace-write', shellNetwork: false });
  });

  it('hiddenFolders: data, session and feedback folders and the machine config folder', () => {
    const c = configSchema.parse({ data_dir: '~/d', session_dir: '/s', feedback_dir: '/f' });
    expect(hiddenFolders(c, '/home/u').sort()).toEqual(['/f', '/home/u/.code-assistant', '/home/u/d', '/s']);
  });
});
