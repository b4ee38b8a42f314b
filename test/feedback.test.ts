// Votes on answers and reports: stored in the machine's feedback_dir (never a
// project's), credited to the model and persona the event log names (not
// what a request claims), latest vote wins, a torn last line is skipped.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { feedbackSummary, recordVote, sessionVotes } from '../lib/feedback/store';
import { intent, say, testApp, type TestApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

async function answer(): Promise<string> {
  t.ollama.script(SMALL, intent('conversational'), say('Python lists are ordered.'));
  const runId = startTurn(t.app, t.sessionId, 'what is a python list?');
  await t.app.runs.wait(runId);
  const started = t.events(runId).find((e) => e.type === 'message_started');
  if (started?.type !== 'message_started') throw new Error('no answer');
  return started.messageId;
}

describe('feedback', () => {
  it('records a vote in the machine feedback folder, credited from the event log; the latest vote counts', async () => {
    const messageId = await answer();
    const target = { kind: 'message' as const, sessionId: t.sessionId, messageId };
    expect(recordVote(t.app, target, 'down', '  wrong about tuples  ')).toMatchObject({ model: SMALL, persona: 'architect', note: 'wrong about tuples' });
    recordVote(t.app, target, 'up');
    const file = path.join(t.home, '.code-assistant', 'feedback', 'feedback.jsonl');
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(sessionVotes(t.app, t.sessionId)).toEqual({ [messageId]: { rating: 'up', note: undefined } });
    expect(feedbackSummary(t.app)).toEqual([{ model: SMALL, persona: 'architect', up: 1, down: 0 }]);

    // A crash mid-write leaves a torn line: it is skipped, the rest still counts.
    fs.appendFileSync(file, '{"target":{"kind":"mess');
    expect(feedbackSummary(t.app)).toEqual([{ model: SMALL, persona: 'architect', up: 1, down: 0 }]);
  });

  it('refuses a vote on an answer that does not exist, or one from another session', async () => {
    const messageId = await answer();
    expect(recordVote(t.app, { kind: 'message', sessionId: t.sessionId, messageId: 'nope' }, 'up')).toBeNull();
    expect(recordVote(t.app, { kind: 'message', sessionId: 'other', messageId }, 'up')).toBeNull();
    expect(recordVote(t.app, { kind: 'pipeline', runId: 'nope' }, 'up')).toBeNull();
  });

  it('cannot be moved by a project file', async () => {
    fs.writeFileSync(path.join(t.workspace, 'ca.config'), `feedback_dir = "${t.workspace}/stolen"\n`);
    const loaded = t.app.config(t.workspace);
    expect(loaded.values.feedback_dir).not.toContain('stolen');
    expect(loaded.issues.map((i) => i.key)).toContain('feedback_dir');
  });
});
