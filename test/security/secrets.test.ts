// A secret of the machine config that shows up in tool output is redacted
// before it reaches the model, the event log (what the page renders) and the
// stored conversation.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import { redactSecrets, streamRedactor } from '../../lib/security/redact';
import { history } from '../../lib/sessions/sessions';
import { call, intent, say, testApp, type TestApp } from '../support/test-app';

const KEY = 'sk-ant-api03-TESTSECRET-0123456789abcdef';
const SERPER = 'serper-9f8e7d6c5b4a';
let t: TestApp;

beforeEach(async () => {
  t = await testApp();
  fs.mkdirSync(path.join(t.home, '.code-assistant'), { recursive: true });
  fs.writeFileSync(path.join(t.home, '.code-assistant', 'config.toml'), `anthropic_api_key = "${KEY}"\nserper_api_key = "${SERPER}"\n`);
});
afterEach(async () => {
  await t.close();
});

describe('secrets in tool output', () => {
  it('are redacted in what the model receives, the events and the history', async () => {
    fs.writeFileSync(path.join(t.workspace, 'deploy.env'), `ANTHROPIC_API_KEY=${KEY}\nSERPER=${SERPER}\n`);
    t.ollama.script('qwen2.5-coder:7b', intent('implementation'));
    t.ollama.script(
      'qwen2.5-coder:14b',
      // The key printed in two writes with a pause, so it reaches us in two chunks.
      call('run_shell', { command: `cat deploy.env; printf '%s' "${KEY.slice(0, 12)}"; sleep 0.3; printf '%s\\n' "${KEY.slice(12)}"` }),
      call('read_file', { path: 'deploy.env' }),
      say('Done.'),
    );
    const runId = startTurn(t.app, t.sessionId, 'show me deploy.env');
    await t.app.runs.wait(runId);
    const events = t.events(runId);
    expect(events.at(-1)?.type).toBe('run_finished');

    const sentToModel = JSON.stringify(t.ollama.chatRequests());
    expect(sentToModel).not.toContain(KEY);
    expect(sentToModel).not.toContain(SERPER);
    expect(sentToModel).toContain('[redacted: anthropic_api_key]');
    expect(sentToModel).toContain('[redacted: serper_api_key]');

    const logged = JSON.stringify(events);
    expect(logged).not.toContain(KEY);
    expect(logged).not.toContain(SERPER);
    const live = events.flatMap((e) => (e.type === 'tool_output' ? [e.text] : [])).join('');
    expect(live.split('[redacted: anthropic_api_key]').length - 1).toBe(2); // the cat, and the split printf
    expect(JSON.stringify(history(t.app.db, t.sessionId))).not.toContain(KEY);
  });
});

describe('redaction', () => {
  const secrets = [{ key: 'k', value: 'abcdef123' }];
  it('replaces every occurrence and leaves other text alone', () => {
    expect(redactSecrets('x abcdef123 y abcdef123', secrets)).toBe('x [redacted: k] y [redacted: k]');
    expect(redactSecrets('abcdef12 abc', secrets)).toBe('abcdef12 abc');
  });
  it('catches a secret split across chunks, in any split, and loses no other byte', () => {
    const text = 'start abcdef123 middle abcdef12 end abcdef123';
    for (let i = 0; i <= text.length; i++) {
      for (const j of [i, Math.min(text.length, i + 3)]) {
        const r = streamRedactor(secrets);
        const out = r.push(text.slice(0, i)) + r.push(text.slice(i, j)) + r.push(text.slice(j)) + r.flush();
        expect(out, `split at ${i},${j}`).toBe('start [redacted: k] middle abcdef12 end [redacted: k]');
      }
    }
  });
});
