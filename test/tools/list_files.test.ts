import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runTool } from '../../lib/tools';
import { makeCtx, makeWorkspace, tempDir } from './helpers';

const project = {
  'Cargo.toml': '',
  'src/main.rs': '',
  'src/commands/mod.rs': '',
  'src/commands/nslookup.rs': '',
  'src/commands/util/dns.rs': '',
  'node_modules/pkg/index.js': '',
  'target/debug/app': '',
  '.git/HEAD': '',
};

const list = (ws: string, args: Record<string, unknown> = {}, tokens = 1000) => runTool('list_files', args, makeCtx(ws, { resultTokens: tokens }));

describe('list_files', () => {
  it('lists the root one level deep, folders with a trailing slash', async () => {
    const ws = await makeWorkspace(project);
    const r = await list(ws);
    expect(r).toEqual({ ok: true, content: ['.git/', 'Cargo.toml', 'node_modules/', 'src/', 'target/'].join('\n') });
  });

  it('lists a subfolder with workspace-relative paths', async () => {
    const ws = await makeWorkspace(project);
    expect((await list(ws, { path: 'src/commands' })).content).toBe(
      ['src/commands/mod.rs', 'src/commands/nslookup.rs', 'src/commands/util/'].join('\n'),
    );
  });

  it('recurses, showing junk folders without opening them', async () => {
    const ws = await makeWorkspace(project);
    const lines = (await list(ws, { recursive: true })).content.split('\n');
    expect(lines).toContain('src/commands/util/dns.rs');
    expect(lines).toContain('node_modules/ (not listed)');
    expect(lines).toContain('target/ (not listed)');
    expect(lines).toContain('.git/ (not listed)');
    expect(lines.some((l) => l.includes('pkg/index.js') || l.includes('debug/app') || l.includes('HEAD'))).toBe(false);
  });

  it('honours depth', async () => {
    const ws = await makeWorkspace(project);
    const lines = (await list(ws, { path: 'src', recursive: true, depth: 2 })).content.split('\n');
    expect(lines).toContain('src/commands/util/');
    expect(lines).not.toContain('src/commands/util/dns.rs');
  });

  it('caps what it shows to the budget and says what was left out', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`gen/file_${String(i).padStart(3, '0')}.txt`] = '';
    const ws = await makeWorkspace(files);
    const r = await list(ws, { path: 'gen' }, 200);
    expect(r.content.length).toBeLessThanOrEqual(200 * 4);
    const shown = r.content.split('\n').filter((l) => l.startsWith('gen/')).length;
    expect(r.content).toContain(`[… ${400 - shown} more entries not shown; list a subfolder, or use a smaller depth]`);
  });

  it('suggests the nearest folder for a missing one, and redirects files to read_file', async () => {
    const ws = await makeWorkspace(project);
    expect((await list(ws, { path: 'src/comands' })).content).toBe('Directory not found: src/comands. Did you mean: src/commands/?');
    expect((await list(ws, { path: 'src/main.rs' })).content).toMatch(/is a file .*call read_file/);
  });

  it('reports an empty folder and refuses to list outside', async () => {
    const ws = await makeWorkspace();
    await fs.mkdir(path.join(ws, 'empty'));
    expect((await list(ws, { path: 'empty' })).content).toBe('empty is empty.');
    const outside = await tempDir();
    await fs.symlink(outside, path.join(ws, 'out'));
    expect((await list(ws, { path: '..' })).content).toMatch(/outside the workspace/);
    expect((await list(ws, { path: 'out' })).content).toMatch(/outside the workspace through a symlink/);
  });
});
