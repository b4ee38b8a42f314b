// A failing shell command that names a missing path gets the file tools'
// did-you-mean in its result. Real commands in a temporary workspace.
import { describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { missingPathCandidates } from '../../lib/tools/shell_paths';
import { runGuarded } from '../http/linear';
import { makeCtx, makeWorkspace } from './helpers';

const sh = (ws: string, command: string) => runTool('run_shell', { command }, makeCtx(ws));

describe('run_shell: did-you-mean for missing paths', () => {
  it("python's \"can't open file\" names the nearest existing file", async () => {
    const ws = await makeWorkspace({ 'src/calc.py': 'print(1)\n' });
    const r = await sh(ws, 'python3 calc.py');
    expect(r.ok).toBe(false);
    expect(r.content).toContain("can't open file");
    expect(r.content).toContain('File not found: calc.py. Did you mean: src/calc.py?');
  });

  it('"No such file or directory" from cat, bash and ls, absolute paths inside the workspace included', async () => {
    const ws = await makeWorkspace({ 'src/commands/nslookup.rs': 'pub fn run() {}\n', 'run_tests.sh': 'echo ok\n' });
    const cat = await sh(ws, 'cat src/commands/ns.rs');
    expect(cat.content).toContain('Did you mean: src/commands/nslookup.rs?');
    const bash = await sh(ws, './run_test.sh');
    expect(bash.content).toContain('File not found: run_test.sh. Did you mean: run_tests.sh?');
    const ls = await sh(ws, `ls ${ws}/src/commands/nslookp.rs`);
    expect(ls.content).toContain('File not found: src/commands/nslookp.rs. Did you mean: src/commands/nslookup.rs?');
  });

  it('node\'s "Cannot find module" for a file, not for a package name', async () => {
    const ws = await makeWorkspace({ 'server.js': 'console.log(1)\n' });
    const file = await sh(ws, 'node ./servr.js');
    expect(file.content).toContain('Did you mean: server.js?');
    const pkg = await sh(ws, 'node -e "require(\'left-pad-nowhere\')"');
    expect(pkg.ok).toBe(false);
    expect(pkg.content).not.toContain('File not found');
  });

  it('adds nothing to a success, to a failure without a missing path, or for paths outside the workspace', async () => {
    const ws = await makeWorkspace({ 'calc.py': 'print(1)\n' });
    expect((await sh(ws, 'python3 calc.py')).content).not.toContain('not found:');
    expect((await sh(ws, 'echo "boom" >&2; exit 3')).content).not.toContain('Did you mean');
    expect((await sh(ws, 'cat /nonexistent/calc.py')).content).not.toContain('File not found');
    // It exists: the failure is something else.
    expect((await sh(ws, 'echo "cannot find calc.py" && exit 1')).content).not.toContain('File not found');
  });

  it('finds the path in the shapes tools print it', () => {
    const out = [
      "python3: can't open file '/ws/calc.py': [Errno 2] No such file or directory",
      "FileNotFoundError: [Errno 2] No such file or directory: 'data/input.csv'",
      'bash: line 1: ./run.sh: No such file or directory',
      "ls: cannot access 'docs/x.md': No such file or directory",
      'error: couldn\'t read `src/main.rs`: No such file or directory (os error 2)',
      "error TS6053: File 'src/app.ts' not found.",
      'ERROR: file or directory not found: tests/test_calc.py',
      'gcc: error: main.c: No such file or directory',
      'all 3 tests passed in 0.2s', // no marker: nothing
    ].join('\n');
    expect(missingPathCandidates(out)).toEqual([
      '/ws/calc.py', 'data/input.csv', './run.sh', 'docs/x.md', 'src/main.rs', 'src/app.ts', 'tests/test_calc.py', 'main.c',
    ]);
  });

  it('stays linear on hostile output (one huge line, many marker lines)', () => {
    const probe = `[mod.missingPathCandidates('No such file or directory ' + 'a/'.repeat(400_000)).length, mod.missingPathCandidates(('cannot find ' + '.'.repeat(300) + '\\n').repeat(20_000)).length]`;
    expect(JSON.parse(runGuarded('lib/tools/shell_paths.ts', probe))).toEqual([0, 0]);
  });
});
