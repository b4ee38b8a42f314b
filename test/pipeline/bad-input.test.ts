// Bad input and bad models: empty, huge and non-UTF-8 requirements, folders
// that cannot be written, JSON that never comes, an Implementer that writes
// nothing, a criterion that hangs. The pipeline says what happened; it never crashes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRequirementBytes, checkRequirementText, checkWritableFolder, createEmptyFolder, MAX_REQUIREMENT_BYTES } from '../../lib/pipeline/input';
import { startPipeline } from '../../lib/pipeline/start';
import { parseStructured } from '../../lib/pipeline/structured';
import { criteriaFromText } from '../../lib/pipeline/phases/criteria';
import { z } from 'zod';
import { say, testApp, type TestApp } from '../support/test-app';
import { BIG, CLASSIFY, FIX, IMPLEMENT, json, ofType, PLAN, REQUIREMENT, SMALL, settle, SUMMARY, systemOf } from './support';
import { loadPersona } from '../../lib/agents/personas';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('requirement documents', () => {
  it('refuses empty, whitespace-only, huge and binary documents with a reason', () => {
    expect(checkRequirementText('')).toMatchObject({ ok: false, error: expect.stringMatching(/is empty/) });
    expect(checkRequirementText(' \n\t\n')).toMatchObject({ ok: false, error: expect.stringMatching(/is empty/) });
    const huge = checkRequirementText('a'.repeat(MAX_REQUIREMENT_BYTES + 1));
    expect(huge).toMatchObject({ ok: false, error: expect.stringMatching(/1\.0 MB; the limit is 1 MB/) });
    expect(checkRequirementText('x\u0000y')).toMatchObject({ ok: false, error: expect.stringMatching(/binary/) });
    expect(checkRequirementText('\uFEFF# Title\nbody')).toEqual({ ok: true, value: '# Title\nbody' });
  });

  it('refuses bytes that are not UTF-8 and says where', () => {
    const latin1 = Buffer.from('# Caf\xe9 app\n', 'latin1');
    const r = checkRequirementBytes(latin1, 'req.md');
    expect(r).toMatchObject({ ok: false, error: 'req.md is not UTF-8 text (invalid byte 0xe9 at offset 5). Save it as UTF-8 and try again.' });
    expect(checkRequirementBytes(Buffer.from('# Café\n', 'utf8'))).toEqual({ ok: true, value: '# Café\n' });
    expect(checkRequirementBytes(new Uint8Array(MAX_REQUIREMENT_BYTES + 1).fill(97))).toMatchObject({ ok: false, error: expect.stringMatching(/limit is 1 MB/) });
  });

  it('startPipeline refuses bad documents and workspaces before creating a run', async () => {
    t = await testApp();
    const app = t.app;
    expect(() => startPipeline(app, '   ', { path: t!.workspace })).toThrow(/is empty/);
    expect(() => startPipeline(app, REQUIREMENT, { path: path.join(t!.home, 'missing') })).toThrow(/does not exist/);
    expect(() => startPipeline(app, REQUIREMENT, { workspaceId: 'nope' })).toThrow(/No such workspace/);
    expect(app.db.$client.prepare("SELECT COUNT(*) AS n FROM runs WHERE kind = 'pipeline'").get()).toEqual({ n: 0 });
  });
});

describe('workspaces', () => {
  it('probes writability for real (root passes access(2) even where writes fail)', () => {
    // sysfs refuses new files even to root; a plain 0555 folder does for other users.
    const r = checkWritableFolder('/sys/kernel');
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^\/sys\/kernel is not writable by this server's user \(E\w+\)/) });
  });

  it('creates a new empty folder, and refuses a non-empty one or a bad parent', () => {
    const base = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'ca-ws-'));
    try {
      const made = createEmptyFolder(path.join(base, 'fresh'));
      expect(made).toEqual({ ok: true, value: path.join(base, 'fresh') });
      fs.writeFileSync(path.join(base, 'fresh', 'x'), '');
      expect(createEmptyFolder(path.join(base, 'fresh'))).toMatchObject({ ok: false, error: expect.stringMatching(/not empty/) });
      expect(createEmptyFolder(path.join(base, 'no', 'parent'))).toMatchObject({ ok: false, error: expect.stringMatching(/does not exist/) });
      expect(createEmptyFolder('relative/path')).toMatchObject({ ok: false, error: expect.stringMatching(/absolute path/) });
      expect(createEmptyFolder('/sys/kernel/ca-new')).toMatchObject({ ok: false });
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('structured output', () => {
  const schema = z.object({ a: z.number() });
  it('repairs fenced JSON with trailing commas; reports what is wrong otherwise', () => {
    expect(parseStructured('```json\n{"a": 1,}\n```', schema)).toEqual({ value: { a: 1 }, repaired: true });
    expect(parseStructured('{"a": 1}', schema)).toEqual({ value: { a: 1 }, repaired: false });
    expect(parseStructured('{"a": "x"}', schema)).toMatchObject({ error: expect.stringMatching(/^a: /) });
  });

  it('reads criteria with commands out of plain text', () => {
    const text = '1. C1: add works — `python3 -c "import calc"`\n- mul works: `python3 -m unittest`\nNo command here.\n- `calc`';
    expect(criteriaFromText(text)).toEqual([
      { id: 'C1', statement: 'C1: add works', command: 'python3 -c "import calc"' },
      { id: 'C2', statement: 'mul works', command: 'python3 -m unittest' },
      { id: 'C3', statement: 'calc', command: 'calc' },
    ]);
  });
});

describe('models that misbehave', () => {
  it('criteria and findings that are never valid JSON: retry once, then plain text with a warning', async () => {
    t = await testApp();
    const badReview = 'The mul function adds instead of multiplying; fix it.';
    t.ollama.script(SMALL, CLASSIFY, PLAN,
      say('Sure! Here are the criteria.'),
      say('- C1: add adds: `python3 -c "import calc; assert calc.add(2, 3) == 5"`\n- mul multiplies: `python3 -c "import calc; assert calc.mul(2, 3) == 6"`'),
      say('{"findings": [{"file": "calc.py", "line": '), say(badReview), SUMMARY);
    t.ollama.script(BIG, ...IMPLEMENT, ...FIX);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    expect(events.at(-1)?.type).toBe('run_finished');
    const codes = ofType(events, 'warning').map((w) => w.code);
    expect(codes.filter((c) => c === 'json_invalid')).toHaveLength(2);
    expect(codes.filter((c) => c === 'structured_fallback')).toHaveLength(2);
    expect(codes).toContain('criteria_from_text');
    const report = ofType(events, 'report')[0]!.report;
    expect(report.criteria.map((c) => c.id)).toEqual(['C1', 'C2']);
    expect(report.findingsText).toBe(badReview);
    expect(report.problems.join('\n')).toMatch(/criteria were not readable JSON; 2 were read/);
    expect(report.verdict).toBe('passed');
    // The retry showed the model its own reply and what was wrong with it.
    const retry = t.ollama.chatRequests()[3];
    expect(retry.messages.at(-1).content).toMatch(/could not be used: the reply is not JSON/);
    // The revise pass got the Reviewer's text as is.
    const revise = t.ollama.chatRequests().find((r) => systemOf(r) === loadPersona('implementer').system && r.messages[1].content.includes('# Review of your code'));
    expect(revise.messages[1].content).toContain(badReview);
  });

  it('an Implementer that writes nothing fails the phase visibly; the report says so', async () => {
    t = await testApp();
    t.ollama.script(SMALL, CLASSIFY, PLAN, json({ criteria: [{ id: 'C1', statement: 'x', command: 'true' }] }));
    t.ollama.script(BIG, say('You should create a file calc.py with an add function.'), say('I am unable to write files.'));
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    expect(ofType(events, 'salvage').map((e) => e.kind)).toEqual(['nudge']);
    expect(ofType(events, 'phase_failed')).toMatchObject([{ phase: 'implement', willRetry: false, error: expect.stringMatching(/wrote no files.*unable to write files/) }]);
    const report = ofType(events, 'report')[0]!.report;
    expect(report.verdict).toBe('implement_failed');
    expect(report.problems[0]).toMatch(/^Implement failed: The Implementer wrote no files/);
    expect(report.phases.map((p) => p.state)).toEqual(['finished', 'finished', 'finished', 'failed', 'not run', 'not run', 'not run']);
    expect(events.at(-1)).toMatchObject({ type: 'run_failed', error: expect.stringMatching(/^Implement failed: The Implementer wrote no files/) });
    expect(fs.readdirSync(t.workspace)).toEqual([]);
  });

  it('a criterion that hangs is killed at criteria_timeout_seconds, a denied one is refused: both fail with the reason', async () => {
    t = await testApp({ CA_CRITERIA_TIMEOUT_SECONDS: '1', CA_PIPELINE_TEST_ROUNDS: '1' });
    t.ollama.script(SMALL, CLASSIFY, PLAN,
      json({ criteria: [{ id: 'C1', statement: 'add', command: 'python3 -c "import calc; assert calc.add(2, 3) == 5"' }, { id: 'C2', statement: 'server answers', command: 'echo starting; sleep 60' }, { id: 'C3', statement: 'installs', command: 'sudo make install' }] }),
      json({ findings: [] }), say('calc.py works; the server criterion hung.'));
    t.ollama.script(BIG, ...IMPLEMENT);
    const runId = startPipeline(t.app, REQUIREMENT, { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    const [round] = ofType(events, 'test_round');
    expect(round!.results[0]).toMatchObject({ id: 'C1', passed: true });
    expect(round!.results[1]).toMatchObject({ id: 'C2', passed: false, timedOut: true, reason: expect.stringMatching(/^timed out after 1 s \(criteria_timeout_seconds\); the command and its children were killed/) });
    expect(round!.results[1]!.tail).toContain('starting');
    // Deny patterns hold in pipeline mode too, where nobody approves commands.
    expect(round!.results[2]).toMatchObject({ id: 'C3', passed: false, reason: expect.stringMatching(/^Refused: the command matches the deny pattern/) });
    const report = ofType(events, 'report')[0]!.report;
    expect(report.verdict).toBe('failed');
    expect(report.revise).toMatchObject({ skipped: 'no findings' });
    expect(report.rounds).toEqual([{ C1: 'passed', C2: 'failed', C3: 'failed' }]);
    expect(events.at(-1)?.type).toBe('run_finished');
  });

  it('a requirement the Architect judges not implementable ends after Classify with the reason', async () => {
    t = await testApp();
    t.ollama.script(SMALL, json({ implementable: false, language: '', stack: '', reason: 'it is a question, not software' }));
    const runId = startPipeline(t.app, 'What is the best editor?', { path: t.workspace });
    await settle(t.app, runId);
    const events = t.events(runId);
    expect(t.ollama.chatRequests()).toHaveLength(1);
    expect(ofType(events, 'report')[0]!.report).toMatchObject({ verdict: 'not_implementable', headline: 'Not implementable: it is a question, not software' });
    expect(events.at(-1)).toMatchObject({ type: 'run_failed', error: 'The Architect judged the requirement not implementable: it is a question, not software' });
  });
});
