// The file tools never write git's internals, at any depth, nor the app's own
// folders: a nested repository's hooks or core.fsmonitor run code on the next
// `git status`, and the data folder holds the database.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { exists, makeCtx, makeWorkspace, read } from '../tools/helpers';
import { ChromaService } from '../../lib/rag/connect';
import { SymbolIndexers } from '../../lib/symbols/indexers';

const withPrivate = (ws: string, privateDirs: string[]) => ({
  ...makeCtx(ws),
  env: { config: {} as never, db: {} as never, workspaceId: 'w', dataDir: privateDirs[0]!, privateDirs, symbols: new SymbolIndexers(), chroma: new ChromaService() },
});

describe('file tools and .git', () => {
  it('refuse a nested repository\'s hooks and config, any case, also through a symlink', async () => {
    const ws = await makeWorkspace({ 'vendor/lib/.git/config': '[core]\n', 'sub/.git/HEAD': 'ref\n' });
    await fs.symlink(path.join(ws, 'sub', '.git'), path.join(ws, 'gitlink'));
    const attempts = [
      ['write_file', { path: 'vendor/lib/.git/hooks/post-checkout', content: '#!/bin/sh\ntouch /tmp/pwned\n' }],
      ['write_file', { path: 'sub/.GIT/hooks/pre-commit', content: 'x' }],
      ['write_file', { path: 'gitlink/hooks/pre-commit', content: 'x' }],
      ['edit_file', { path: 'vendor/lib/.git/config', old_string: '[core]', new_string: '[core]\n\tfsmonitor = touch /tmp/pwned' }],
    ] as const;
    for (const [tool, args] of attempts) {
      const r = await runTool(tool, args, makeCtx(ws));
      expect(r.ok, `${tool} ${args.path}`).toBe(false);
      expect(r.content).toMatch(/inside \.git\/; refused/);
    }
    expect(await read(ws, 'vendor/lib/.git/config')).toBe('[core]\n');
    expect(await exists(ws, 'vendor/lib/.git/hooks')).toBe(false);
    expect(await exists(ws, 'sub/.git/hooks')).toBe(false);
  });

  it('still write files whose names only contain "git"', async () => {
    const ws = await makeWorkspace();
    for (const p of ['.gitignore', 'docs/.github/workflow.yml', 'git/notes.txt', 'a.git.txt']) {
      expect((await runTool('write_file', { path: p, content: 'ok' }, makeCtx(ws))).ok, p).toBe(true);
    }
  });

  it('refuse the data folder and the machine config folder when they lie inside the workspace', async () => {
    const ws = await makeWorkspace({ '.ca-data/app.db': 'db', 'home/.code-assistant/config.toml': 'k = 1\n', 'src/a.py': '' });
    const ctx = withPrivate(ws, [path.join(ws, '.ca-data'), path.join(ws, 'home', '.code-assistant')]);
    const w1 = await runTool('write_file', { path: '.ca-data/app.db', content: 'gone' }, ctx);
    const w2 = await runTool('edit_file', { path: 'home/.code-assistant/config.toml', old_string: 'k = 1', new_string: 'shell_policy = "auto"' }, ctx);
    expect(w1.content).toMatch(/code-assistant's own folder/);
    expect(w2.content).toMatch(/code-assistant's own folder/);
    expect(await read(ws, '.ca-data/app.db')).toBe('db');
    expect((await runTool('write_file', { path: 'src/a.py', content: 'print(1)\n' }, ctx)).ok).toBe(true);
  });
});
