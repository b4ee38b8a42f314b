// Inside the sandbox a command may commit, but may not plant what git runs
// outside it: hooks and config (core.fsmonitor) are read-only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { makeCtx, makeWorkspace } from '../tools/helpers';

const git = (ws: string, ...args: string[]) => execFileSync('git', ['-C', ws, ...args], { encoding: 'utf8' });

describe('the sandbox and the workspace repository', () => {
  it('refuses hooks and config, still commits', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'a\n' });
    git(ws, 'init', '-q');
    git(ws, 'config', 'user.email', 't@example.com');
    git(ws, 'config', 'user.name', 't');
    fs.rmSync(path.join(ws, '.git', 'hooks'), { recursive: true, force: true });
    const configBefore = fs.readFileSync(path.join(ws, '.git', 'config'), 'utf8');

    const hook = await runTool('run_shell', { command: 'mkdir -p .git/hooks; printf "#!/bin/sh\\ntouch pwned\\n" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit' }, makeCtx(ws));
    expect(hook.ok).toBe(false);
    const fsmonitor = await runTool('run_shell', { command: 'git config core.fsmonitor "touch pwned"' }, makeCtx(ws));
    expect(fsmonitor.ok).toBe(false);
    expect(fs.existsSync(path.join(ws, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(fs.readFileSync(path.join(ws, '.git', 'config'), 'utf8')).toBe(configBefore);

    const commit = await runTool('run_shell', { command: 'git add a.txt && git commit -q -m "from the sandbox" && git log --oneline' }, makeCtx(ws));
    expect(commit.content).toContain('from the sandbox');
    expect(git(ws, 'log', '--oneline')).toContain('from the sandbox');
    git(ws, 'status'); // would run an fsmonitor hook, had one been planted
    expect(fs.existsSync(path.join(ws, 'pwned'))).toBe(false);
  });
});
