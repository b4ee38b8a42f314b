// Workspace validation: the assistant writes files and runs commands in its
// workspace, so the OS's folders and the app's own state are refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { refusedNewFolder, validateWorkspacePath } from '../../lib/sessions/workspaces';

const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-ws-home-')));
const dataDir = path.join(home, 'data');
const guard = { dataDir, homeDir: home };
fs.mkdirSync(path.join(dataDir, 'runs'), { recursive: true });
fs.mkdirSync(path.join(home, '.code-assistant', 'sessions'), { recursive: true });
fs.mkdirSync(path.join(home, 'projects', 'app'), { recursive: true });
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const refused = (p: string) => {
  const v = validateWorkspacePath(p, guard);
  return v.ok ? null : v.error;
};

describe('validateWorkspacePath', () => {
  it('accepts a project folder, ~ expanded against the given home', () => {
    expect(validateWorkspacePath(path.join(home, 'projects', 'app'), guard)).toEqual({ ok: true, path: path.join(home, 'projects', 'app') });
    expect(validateWorkspacePath('~/projects/app', guard)).toEqual({ ok: true, path: path.join(home, 'projects', 'app') });
  });

  it('refuses system folders and their subfolders, whatever exists', () => {
    for (const p of ['/', '/etc', '/etc/', '/etc/nginx', '/proc', '/proc/self/cwd', '/sys', '/sys/kernel', '/dev', '/dev/shm', '/boot', '/usr', '/usr/lib', '/usr/local', '/bin', '/sbin', '/lib', '/lib64', '/lib/x86_64-linux-gnu', '/var', '/var/lib', '/var/log', '/run']) {
      const e = refused(p);
      expect(e, p).not.toBeNull();
      expect(e, p).toMatch(/system folder|too broad/);
    }
  });

  it('allows the usual project places among them, but not their roots', () => {
    const ok = fs.mkdtempSync('/var/tmp/ca-ws-');
    try {
      expect(validateWorkspacePath(ok, guard).ok).toBe(true);
    } finally {
      fs.rmSync(ok, { recursive: true, force: true });
    }
    for (const p of ['/tmp', '/var/tmp', '/usr/local/src', '/home']) expect(refused(p), p).toContain('too broad');
    expect(refusedNewFolder('/usr/local/src/project', guard)).toBeNull();
    expect(refusedNewFolder('/var/www/site', guard)).toBeNull();
  });

  it('refuses a symlink that points into a system folder', () => {
    const link = path.join(home, 'projects', 'etc-link');
    fs.symlinkSync('/etc', link);
    expect(refused(link)).toContain('system folder /etc');
  });

  it('refuses the data folder, the machine config folder, anything inside them, and folders that contain them', () => {
    expect(refused(dataDir)).toContain("app's data folder");
    expect(refused(path.join(dataDir, 'runs'))).toContain("app's data folder");
    expect(refused(path.join(home, '.code-assistant'))).toContain('machine config folder');
    expect(refused('~/.code-assistant/sessions')).toContain('machine config folder');
    expect(refused(home)).toContain('too broad');
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-ws-outer-'));
    try {
      const inner = { dataDir: path.join(outer, 'data'), homeDir: home };
      fs.mkdirSync(inner.dataDir);
      const v = validateWorkspacePath(outer, inner);
      expect(v.ok ? '' : v.error).toContain("contains the app's data folder");
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it('refuses control characters (a newline inside a path) with a clear message', () => {
    for (const p of [`${home}/projects/app\n/etc`, `${home}/proj\tects`, `${home}/a\u0000b`, `${home}/a\u001bb`]) {
      expect(refused(p), JSON.stringify(p)).toContain('control character');
    }
    expect(refusedNewFolder(`${home}/new\nfolder`, guard)).toContain('control character');
  });

  it('says what to do for relative, missing and file paths', () => {
    expect(refused('projects/app')).toContain('absolute path');
    expect(refused(path.join(home, 'nope'))).toContain('does not exist');
    fs.writeFileSync(path.join(home, 'file.txt'), '');
    expect(refused(path.join(home, 'file.txt'))).toContain('is a file');
  });

  it('judges a new folder by its parent too', () => {
    expect(refusedNewFolder('/etc/newapp', guard)).toContain('system folder /etc');
    expect(refusedNewFolder(path.join(dataDir, 'x'), guard)).toContain('data folder');
    expect(refusedNewFolder(path.join(home, 'projects', 'etc-link', 'x'), guard)).toContain('system folder /etc');
    expect(refusedNewFolder(path.join(home, 'projects', 'fresh'), guard)).toBeNull();
  });
});
