import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveInWorkspace, nearestPaths, notFoundMessage, walk, WorkspaceError, pathScore } from '../../lib/tools/workspace';
import { makeWorkspace, tempDir } from './helpers';

const rustProject = {
  'Cargo.toml': '[package]\nname = "nettools"\n',
  'src/main.rs': 'fn main() {}\n',
  'src/commands/mod.rs': 'pub mod nslookup;\npub mod ping;\n',
  'src/commands/nslookup.rs': '// nslookup\n',
  'src/commands/ping.rs': '// ping\n',
  'src/commands/netstat.rs': '// netstat\n',
  'README.md': '# nettools\n',
};

describe('resolveInWorkspace', () => {
  it('resolves relative, ./ and absolute-inside paths to the same real path', async () => {
    const ws = await makeWorkspace(rustProject);
    const a = await resolveInWorkspace(ws, 'src/main.rs');
    const b = await resolveInWorkspace(ws, './src/../src/main.rs');
    const c = await resolveInWorkspace(ws, path.join(ws, 'src/main.rs'));
    expect(a).toEqual({ abs: path.join(ws, 'src/main.rs'), rel: 'src/main.rs', exists: true });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('gives the root as rel "" and a missing path with exists=false', async () => {
    const ws = await makeWorkspace(rustProject);
    expect(await resolveInWorkspace(ws, '.')).toEqual({ abs: ws, rel: '', exists: true });
    expect(await resolveInWorkspace(ws, 'src/new/deep/file.rs')).toEqual({
      abs: path.join(ws, 'src/new/deep/file.rs'),
      rel: 'src/new/deep/file.rs',
      exists: false,
    });
  });

  it('refuses .. escapes and absolute paths outside', async () => {
    const ws = await makeWorkspace(rustProject);
    for (const p of ['../outside.txt', 'src/../../x', '/etc/passwd', '/tmp', '..']) {
      await expect(resolveInWorkspace(ws, p)).rejects.toThrow(WorkspaceError);
      await expect(resolveInWorkspace(ws, p)).rejects.toThrow(/outside the workspace/);
    }
  });

  it('refuses a sibling folder whose name starts with the workspace name', async () => {
    const ws = await makeWorkspace();
    const sibling = `${ws}-evil`;
    await fs.mkdir(sibling);
    try {
      await expect(resolveInWorkspace(ws, `${sibling}/x`)).rejects.toThrow(/outside the workspace/);
      await expect(resolveInWorkspace(ws, `../${path.basename(sibling)}/x`)).rejects.toThrow(/outside/);
    } finally {
      await fs.rm(sibling, { recursive: true });
    }
  });

  it('refuses a symlinked file that points outside', async () => {
    const ws = await makeWorkspace(rustProject);
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(ws, 'link.txt'));
    await expect(resolveInWorkspace(ws, 'link.txt')).rejects.toThrow(/outside the workspace through a symlink/);
  });

  it('refuses paths under a symlinked folder that points outside, existing or not', async () => {
    const ws = await makeWorkspace(rustProject);
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 'there.txt'), 'x');
    await fs.symlink(outside, path.join(ws, 'escape'));
    await expect(resolveInWorkspace(ws, 'escape/there.txt')).rejects.toThrow(/symlink/);
    await expect(resolveInWorkspace(ws, 'escape/new/file.txt')).rejects.toThrow(/symlink/);
    await expect(resolveInWorkspace(ws, 'escape')).rejects.toThrow(/symlink/);
  });

  it('refuses a dangling symlink, which a write would follow', async () => {
    const ws = await makeWorkspace();
    const outside = await tempDir();
    await fs.symlink(path.join(outside, 'not-yet.txt'), path.join(ws, 'dangling.txt'));
    await expect(resolveInWorkspace(ws, 'dangling.txt')).rejects.toThrow(/symlink whose target does not exist/);
  });

  it('allows symlinks that stay inside the workspace, resolving to the real target', async () => {
    const ws = await makeWorkspace(rustProject);
    await fs.symlink(path.join(ws, 'src/commands'), path.join(ws, 'cmds'));
    const r = await resolveInWorkspace(ws, 'cmds/ping.rs');
    expect(r.rel).toBe('src/commands/ping.rs');
    expect(r.exists).toBe(true);
  });

  it('accepts an absolute path through an alias of the workspace (symlinked root)', async () => {
    const ws = await makeWorkspace(rustProject);
    const aliasDir = await tempDir();
    const alias = path.join(aliasDir, 'alias');
    await fs.symlink(ws, alias);
    const r = await resolveInWorkspace(ws, path.join(alias, 'src/main.rs'));
    expect(r.rel).toBe('src/main.rs');
  });

  it('refuses empty paths with a hint', async () => {
    const ws = await makeWorkspace();
    await expect(resolveInWorkspace(ws, '  ')).rejects.toThrow(/path is empty/);
  });
});

describe('nearestPaths', () => {
  it('suggests src/commands/nslookup.rs for the hallucinated ns.rs (the article case)', async () => {
    const ws = await makeWorkspace(rustProject);
    const near = await nearestPaths(ws, 'ns.rs');
    expect(near[0]).toBe('src/commands/nslookup.rs');
    expect(near.length).toBeLessThanOrEqual(3);
    expect(await nearestPaths(ws, 'src/ns.rs')).toContain('src/commands/nslookup.rs');
  });

  it('fixes a misspelt folder: src/comands/mod.rs -> src/commands/mod.rs', async () => {
    const ws = await makeWorkspace(rustProject);
    expect((await nearestPaths(ws, 'src/comands/mod.rs'))[0]).toBe('src/commands/mod.rs');
  });

  it('finds a file moved to another folder by its basename', async () => {
    const ws = await makeWorkspace(rustProject);
    expect((await nearestPaths(ws, 'lib/ping.rs'))[0]).toBe('src/commands/ping.rs');
  });

  it('suggests nothing for an unrelated name', async () => {
    const ws = await makeWorkspace(rustProject);
    expect(await nearestPaths(ws, 'zzqx/kwyjibo.py')).toEqual([]);
  });

  it('skips junk folders such as node_modules and target', async () => {
    const ws = await makeWorkspace({
      ...rustProject,
      'node_modules/nslookup/index.js': '',
      'target/debug/nslookup.rs': '',
      '.git/nslookup.rs': '',
    });
    const near = await nearestPaths(ws, 'nslookup.rs', { limit: 10 });
    expect(near).toContain('src/commands/nslookup.rs');
    expect(near.some((p) => /node_modules|target|\.git/.test(p))).toBe(false);
  });

  it('suggests folders when asked for folders', async () => {
    const ws = await makeWorkspace(rustProject);
    expect(await nearestPaths(ws, 'src/comands', { kind: 'dir' })).toEqual(['src/commands/']);
  });

  it('notFoundMessage names the nearest paths, or says to list files', async () => {
    const ws = await makeWorkspace(rustProject);
    expect(await notFoundMessage(ws, 'ns.rs')).toMatch(/^File not found: ns\.rs\. Did you mean: src\/commands\/nslookup\.rs/);
    expect(await notFoundMessage(ws, 'qqq/zzz.xyz')).toMatch(/call list_files/);
  });

  it('ranks a prefix match of the basename above a mere extension match', () => {
    expect(pathScore('ns.rs', 'src/commands/nslookup.rs')).toBeGreaterThan(pathScore('ns.rs', 'src/main.rs'));
  });
});

describe('walk', () => {
  it('caps the number of entries and reports truncation', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 50; i++) files[`d/f${i}.txt`] = '';
    const ws = await makeWorkspace(files);
    const { entries, truncated } = await walk(ws, { maxEntries: 20 });
    expect(entries).toHaveLength(20);
    expect(truncated).toBe(true);
  });

  it('does not follow symlinked folders', async () => {
    const ws = await makeWorkspace({ 'a/b.txt': '' });
    await fs.symlink(path.join(ws, 'a'), path.join(ws, 'loop'));
    const { entries } = await walk(ws);
    expect(entries.map((e) => e.rel).sort()).toEqual(['a', 'a/b.txt', 'loop']);
  });
});
