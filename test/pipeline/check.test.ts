// The project's check_command runs in the pipeline too: after the Implement
// phase edits, a failing check is given back to the Implementer once, and it
// fixes what the check reported before the phase ends.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipeline } from '../../lib/pipeline/start';
import { testApp, type TestApp } from '../support/test-app';
import { BIG, call, CLASSIFY, CRITERIA, FINDINGS, FIX, IMPLEMENT, ofType, PLAN, REQUIREMENT, REVISE, say, settle, SMALL, SUMMARY } from './support';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

// Fails until calc.py starts with a docstring, as a linter would.
const CHECK_PY = 'import sys\nif not open("calc.py").read().startswith(\'"""\'):\n    print("calc.py:1: D100 missing module docstring")\n    sys.exit(1)\n';

describe('pipeline check_command', () => {
  it('gives a failing check to the Implementer once; later edits that pass add no step', async () => {
    fs.writeFileSync(path.join(t.workspace, 'ca.config'), 'check_command = "python3 check.py"\n');
    fs.writeFileSync(path.join(t.workspace, 'check.py'), CHECK_PY);
    t.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
    t.ollama.script(BIG, ...IMPLEMENT,
      call('edit_file', { path: 'calc.py', old_string: 'def add(a, b):', new_string: '"""A calculator."""\n\n\ndef add(a, b):' }),
      say('Added the module docstring.'),
      ...REVISE, ...FIX);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    expect(ofType(events, 'run_failed')).toEqual([]);

    const asked = t.ollama.chatRequests().find((r) => r.messages.at(-1)?.content?.includes("The project's check command"));
    expect(asked?.model).toBe(BIG);
    expect(asked?.messages.at(-1).content).toContain('D100 missing module docstring');
    expect(fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8')).toMatch(/^"""A calculator."""/);
    // Every scripted reply used, none missing: the check added exactly one step.
    expect(t.ollama.pending(BIG)).toBe(0);
    expect(ofType(events, 'report').at(-1)!.report.verdict).toBe('passed');
  });
});
