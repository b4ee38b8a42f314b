import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runTool } from '../../lib/tools';
import { makeCtx, makeWorkspace, read, exists, tempDir } from './helpers';

describe('write_file', () => {
  it('creates a new file in nested new folders and records before: null', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', { path: 'src/commands/deep/nslookup.rs', content: 'pub fn run() {}\n' }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.content).toBe('Created src/commands/deep/nslookup.rs (1 line, +1 -0).');
    expect(await read(ws, 'src/commands/deep/nslookup.rs')).toBe('pub fn run() {}\n');
    expect(r.files).toEqual([{ path: 'src/commands/deep/nslookup.rs', before: null, after: 'pub fn run() {}\n' }]);
    expect(r.diff).toContain('--- /dev/null');
    expect(r.diff).toContain('+++ b/src/commands/deep/nslookup.rs');
    expect(r.diff).toContain('+pub fn run() {}');
  });

  it('overwrites a file, keeps the previous text and returns a unified diff', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'one\ntwo\nthree\n' });
    const r = await runTool('write_file', { path: 'a.txt', content: 'one\n2\nthree\n' }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.content).toBe('Overwrote a.txt (3 lines, +1 -1).');
    expect(r.files).toEqual([{ path: 'a.txt', before: 'one\ntwo\nthree\n', beforeEncoding: 'utf8', after: 'one\n2\nthree\n' }]);
    expect(r.diff).toBe('--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+2\n three\n');
  });

  it('stores a non-UTF-8 previous content as base64', async () => {
    const old = Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x80]);
    const ws = await makeWorkspace({ 'data.bin': old });
    const r = await runTool('write_file', { path: 'data.bin', content: 'text now' }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.files![0].beforeEncoding).toBe('base64');
    expect(Buffer.from(r.files![0].before!, 'base64')).toEqual(old);
    expect(await read(ws, 'data.bin')).toBe('text now');
  });

  it('writes atomically: no temp files remain and the executable bit survives', async () => {
    const ws = await makeWorkspace({ 'run.sh': '#!/bin/sh\necho old\n' });
    await fs.chmod(path.join(ws, 'run.sh'), 0o755);
    await runTool('write_file', { path: 'run.sh', content: '#!/bin/sh\necho new\n' }, makeCtx(ws));
    expect((await fs.stat(path.join(ws, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect(await fs.readdir(ws)).toEqual(['run.sh']);
  });

  it('replaces the file with a new inode instead of truncating it in place', async () => {
    // A hard link to the old inode keeps the old bytes only if the write went temp file + rename.
    const ws = await makeWorkspace({ 'a.txt': 'old content\n' });
    const outside = await tempDir();
    await fs.link(path.join(ws, 'a.txt'), path.join(outside, 'hardlink'));
    await runTool('write_file', { path: 'a.txt', content: 'new content\n' }, makeCtx(ws));
    expect(await read(ws, 'a.txt')).toBe('new content\n');
    expect(await fs.readFile(path.join(outside, 'hardlink'), 'utf8')).toBe('old content\n');
  });

  it('replaces a symlink inside the workspace at its target, not the link', async () => {
    const ws = await makeWorkspace({ 'real.txt': 'old' });
    await fs.symlink(path.join(ws, 'real.txt'), path.join(ws, 'alias.txt'));
    const r = await runTool('write_file', { path: 'alias.txt', content: 'new' }, makeCtx(ws));
    expect(r.files![0].path).toBe('real.txt');
    expect(await read(ws, 'real.txt')).toBe('new');
    expect((await fs.lstat(path.join(ws, 'alias.txt'))).isSymbolicLink()).toBe(true);
  });

  it('says when nothing changed', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'same' });
    const r = await runTool('write_file', { path: 'a.txt', content: 'same' }, makeCtx(ws));
    expect(r).toEqual({ ok: true, content: 'a.txt already has exactly this content; nothing changed.' });
  });

  it('refuses .. and absolute escapes and writes nothing outside', async () => {
    const ws = await makeWorkspace();
    const outside = await tempDir();
    for (const p of [`../${path.basename(outside)}/x.txt`, path.join(outside, 'y.txt')]) {
      const r = await runTool('write_file', { path: p, content: 'pwned' }, makeCtx(ws));
      expect(r.ok).toBe(false);
      expect(r.content).toMatch(/outside the workspace/);
    }
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('refuses symlink escapes: a linked file, a linked folder (new nested file) and a dangling link', async () => {
    const ws = await makeWorkspace();
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 'victim.txt'), 'safe');
    await fs.symlink(path.join(outside, 'victim.txt'), path.join(ws, 'victim-link'));
    await fs.symlink(outside, path.join(ws, 'out'));
    await fs.symlink(path.join(outside, 'planted.txt'), path.join(ws, 'dangling'));
    const ctx = makeCtx(ws);
    for (const p of ['victim-link', 'out/new/deep.txt', 'out/victim.txt', 'dangling']) {
      const r = await runTool('write_file', { path: p, content: 'pwned' }, ctx);
      expect(r.ok, p).toBe(false);
      expect(r.content, p).toMatch(/symlink/);
    }
    expect(await fs.readFile(path.join(outside, 'victim.txt'), 'utf8')).toBe('safe');
    expect((await fs.readdir(outside)).sort()).toEqual(['victim.txt']);
  });

  it('refuses writing into .git and onto a directory', async () => {
    const ws = await makeWorkspace({ '.git/HEAD': 'ref: refs/heads/main\n', 'src/a.rs': '' });
    expect((await runTool('write_file', { path: '.git/HEAD', content: 'x' }, makeCtx(ws))).content).toMatch(/inside \.git\/; refused/);
    expect((await runTool('write_file', { path: 'src', content: 'x' }, makeCtx(ws))).content).toMatch(/src is a directory/);
    expect(await exists(ws, 'src/a.rs')).toBe(true);
  });

  it('names the missing argument', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', { path: 'a.txt' }, makeCtx(ws));
    expect(r.ok).toBe(false);
    expect(r.content).toBe('Invalid arguments for write_file: missing required argument "content". Expected: {"path": string, "content": string}');
  });
});
