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
  t = await testApp({ CA_SHELL_SANDBOX: 'off' });
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
