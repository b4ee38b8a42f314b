// A ca.config the model writes during a turn does not change that turn: its
// config was read once, at the start. The next turn reads the new file (and
// a project file can only tighten anyway).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import { call, intent, say, testApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

const shellResults = (runId: string) => t.events(runId).flatMap((e) => (e.type === 'tool_result' && e.tool === 'run_shell' ? [e] : []));

describe('ca.config written by a tool', () => {
  it('applies from the next turn, not the one that wrote it', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('implementation'));
    t.ollama.script(
      'qwen2.5-coder:14b',
      call('write_file', { path: 'ca.config', content: 'shell_deny_patterns = ["echo"]\n' }),
      call('run_shell', { command: 'echo still-this-turn' }),
      say('done'),
    );
    const first = startTurn(t.app, t.sessionId, 'set up the project');
    await t.app.runs.wait(first);
    expect(fs.existsSync(path.join(t.workspace, 'ca.config'))).toBe(true);
    expect(shellResults(first)[0]).toMatchObject({ ok: true, content: expect.stringContaining('still-this-turn') });

    t.ollama.script('qwen2.5-coder:14b', intent('implementation'), call('run_shell', { command: 'echo next-turn' }), say('done'));
    const second = startTurn(t.app, t.sessionId, 'run it again');
    await t.app.runs.wait(second);
    expect(shellResults(second)[0]).toMatchObject({ ok: false, content: expect.stringMatching(/deny pattern/) });
  });
});
