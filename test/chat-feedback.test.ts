// Feedback after every edit, through a whole chat turn with the scripted
// model: syntax errors an edit adds reach the model's next request and are
// counted per model; the project's check command runs once after the last edit.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { call, intent, say, testApp, type TestApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
let t: TestApp;

beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

async function turn(text: string) {
  const runId = startTurn(t.app, t.sessionId, text);
  await t.app.runs.wait(runId);
  return t.events(runId);
}

/** The text of every message in the Implementer's n-th request. */
const requestText = (n: number) => (t.ollama.chatRequests()[n]?.messages ?? []).map((m: { content: string }) => m.content).join('\n---\n');

describe('syntax feedback in a turn', () => {
  it('a broken write reaches the next request with its line, and is counted as a salvage for the model', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      call('write_file', { path: 'calc.py', content: 'def add(a, b):\n    return a + b\n\ndef sub(a, b:\n    return a - b\n' }),
      call('edit_file', { path: 'calc.py', old_string: 'def sub(a, b:', new_string: 'def sub(a, b):' }),
      say('Fixed the signature.'),
    );
    const events = await turn('write calc.py with add and sub');
    // Request 0 classifies; 1 is the write; 2 follows the write's result.
    expect(requestText(2)).toContain('calc.py:4: syntax error near "def"');
    expect(requestText(2)).toContain('>    4 | def sub(a, b:');
    const salvages = events.filter((e) => e.type === 'salvage');
    expect(salvages).toEqual([expect.objectContaining({ kind: 'syntax_error', model: BIG, detail: 'write_file calc.py' })]);
    // The fix says nothing more.
    expect(requestText(3)).not.toMatch(/Edited calc\.py[^\n]*\n[\s\S]*This change left/);
    expect(fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8')).toContain('def sub(a, b):');
  });
});

/** A check that fails while calc.py still says "bug", as a type checker would. */
const CHECK_PY = 'import sys\nsrc = open("calc.py").read()\nif "bug" in src:\n    print("calc.py:2: error: name \'bug\' is not defined")\n    sys.exit(1)\nprint("check passed")\n';

function withCheck(command = 'python3 check.py') {
  fs.writeFileSync(path.join(t.workspace, 'ca.config'), `check_command = ${JSON.stringify(command)}\n`);
  fs.writeFileSync(path.join(t.workspace, 'check.py'), CHECK_PY);
}

const checkRuns = (events: Awaited<ReturnType<typeof turn>>) =>
  events.filter((e) => e.type === 'tool_call' && e.tool === 'run_shell' && (e.args as { command?: string }).command === 'python3 check.py');

describe('check_command after the last edit', () => {
  it("gives a failing check's output to the model once, then lets it finish", async () => {
    withCheck();
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      call('write_file', { path: 'calc.py', content: 'def add(a, b):\n    return bug\n' }),
      say('Done: calc.py has add().'),
      call('edit_file', { path: 'calc.py', old_string: 'return bug', new_string: 'return a + b' }),
      say('Fixed what the check reported.'),
      // A second check would need this reply: it must stay unused.
      say('UNUSED'),
    );
    const events = await turn('write calc.py with add');
    // Requests: classify, write, "done" (check runs), the fix, the final answer.
    expect(t.ollama.chatRequests()).toHaveLength(5);
    const afterCheck = t.ollama.chatRequests()[3].messages.at(-1);
    expect(afterCheck.role).toBe('user');
    expect(afterCheck.content).toContain("The project's check command (`python3 check.py`");
    expect(afterCheck.content).toContain("calc.py:2: error: name 'bug' is not defined");
    expect(afterCheck.content).toContain('Fix what it reports');
    // Once per turn, although the model edited again after it.
    expect(checkRuns(events)).toHaveLength(1);
    const result = events.find((e) => e.type === 'tool_result' && e.tool === 'run_shell');
    expect(result).toMatchObject({ ok: false, exitCode: 1 });
    expect(events.at(-1)?.type).toBe('run_finished');
    expect(fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8')).toContain('return a + b');
  });

  it('a passing check adds no step; a turn without edits does not run it', async () => {
    withCheck();
    t.ollama.script(SMALL, intent('implementation'), intent('implementation'));
    t.ollama.script(BIG, call('write_file', { path: 'calc.py', content: 'def add(a, b):\n    return a + b\n' }), say('Done.'));
    const first = await turn('write calc.py');
    expect(checkRuns(first)).toHaveLength(1);
    expect(first.find((e) => e.type === 'tool_result' && e.tool === 'run_shell')).toMatchObject({ ok: true, exitCode: 0 });
    expect(t.ollama.chatRequests()).toHaveLength(3);

    t.ollama.script(BIG, call('read_file', { path: 'calc.py' }), say('It adds two numbers.'));
    const second = await turn('what does calc.py do?');
    expect(checkRuns(second)).toHaveLength(0);
  });

  it('runs under the shell policy: refused by deny patterns, it is not reported as the project failing', async () => {
    fs.writeFileSync(path.join(t.workspace, 'ca.config'), 'check_command = "sudo make check"\n');
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, call('write_file', { path: 'a.py', content: 'x = 1\n' }), say('Done.'));
    const events = await turn('write a.py');
    const result = events.find((e) => e.type === 'tool_result' && e.tool === 'run_shell');
    expect(result).toMatchObject({ ok: false });
    expect(result?.type === 'tool_result' && result.content).toMatch(/deny pattern/);
    expect(t.ollama.chatRequests()).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('run_finished');
  });
});
