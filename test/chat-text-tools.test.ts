// A model without native tool support (its /api/show lacks "tools"; Ollama
// answers 400 "does not support tools" to a request with `tools`) still
// completes a write: through the text tool protocol, asserted on what the
// scripted Ollama received.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { history } from '../lib/sessions/sessions';
import { intent, say, testApp, type TestApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const NO_TOOLS = 'gemma2:9b';
let t: TestApp;

afterEach(async () => {
  await t?.close();
});

async function turn(text: string) {
  const runId = startTurn(t.app, t.sessionId, text);
  await t.app.runs.wait(runId);
  return { runId, events: t.events(runId) };
}

const toModel = (model: string) => t.ollama.requests.filter((r) => r.path === '/api/chat' && r.body.model === model);
const textCall = (name: string, args: Record<string, unknown>) =>
  `I will write the file.\n<tool_call>\n${JSON.stringify({ name, arguments: args })}\n</tool_call>`;

describe('models without native tools', () => {
  it('write_file through the text protocol when /api/show lacks "tools"', async () => {
    t = await testApp({ CA_IMPLEMENTER_MODEL: NO_TOOLS }, [SMALL, { name: NO_TOOLS, capabilities: ['completion'], family: 'gemma2', contextLength: 8192 }, 'nomic-embed-text']);
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      NO_TOOLS,
      { content: textCall('write_file', { path: 'hello.py', content: 'print("hello")\n' }) },
      // The result reached the model as a message it can read.
      (req) => {
        const last = req.messages.at(-1);
        return say(last.role === 'user' && /^Tool result \(write_file\):/.test(last.content) ? 'Wrote hello.py.' : `no result seen: ${JSON.stringify(last)}`);
      },
    );
    const { runId, events } = await turn('create hello.py that prints hello');
    expect(fs.readFileSync(path.join(t.workspace, 'hello.py'), 'utf8')).toBe('print("hello")\n');
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'finished' });
    const reqs = toModel(NO_TOOLS);
    expect(reqs).toHaveLength(2);
    for (const r of reqs) {
      expect(r.body.tools).toBeUndefined();
      // The protocol and the tools are in the system prompt; no `tool` role the template may drop.
      expect(r.body.messages[0].content).toContain('<tool_call>');
      expect(r.body.messages[0].content).toContain('## write_file');
      expect(r.body.messages.some((m: { role: string }) => m.role === 'tool')).toBe(false);
    }
    // The second request carries the model's own call as it wrote it.
    expect(reqs[1].body.messages.at(-2)).toMatchObject({ role: 'assistant', content: expect.stringContaining('"name":"write_file"') });
    const done = events.filter((e) => e.type === 'message_done').at(-1);
    expect(done?.type === 'message_done' && done.content).toBe('Wrote hello.py.');
    // Stored as any turn is: assistant call, tool result, answer.
    expect(history(t.app.db, t.sessionId).map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    // The protocol is the model's way of calling, not a salvage of a broken call.
    expect(events.filter((e) => e.type === 'salvage')).toEqual([]);
    expect(events.some((e) => e.type === 'warning' && e.code === 'text_tools')).toBe(true);

    // A second turn asks /api/show nothing new about the model (it classifies on the resident model).
    t.ollama.script(NO_TOOLS, intent('implementation'), say('Nothing to do.'));
    await turn('anything else?');
    expect(t.ollama.requests.filter((r) => r.path === '/api/show' && r.body.model === NO_TOOLS)).toHaveLength(1);
  });

  it('a 400 "does not support tools" from a model /api/show could not describe falls back to the text protocol for the call', async () => {
    const OLD = 'oldcoder:7b';
    t = await testApp({ CA_IMPLEMENTER_MODEL: OLD }, [SMALL, { name: OLD, capabilities: ['completion'], showCapabilities: false }, 'nomic-embed-text']);
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(OLD, { content: textCall('write_file', { path: 'a.txt', content: 'A\n' }) }, say('Done.'));
    const { runId, events } = await turn('write a.txt');
    expect(t.app.db.$client.prepare('SELECT status, error FROM runs WHERE id = ?').get(runId)).toMatchObject({ status: 'finished' });
    expect(fs.readFileSync(path.join(t.workspace, 'a.txt'), 'utf8')).toBe('A\n');
    const reqs = toModel(OLD);
    // The first request had tools and was refused; every later one has none.
    expect(reqs[0].body.tools?.length).toBeGreaterThan(0);
    expect(reqs.slice(1).map((r) => r.body.tools)).toEqual([undefined, undefined]);
    const warning = events.find((e) => e.type === 'warning' && e.code === 'text_tools');
    expect(warning?.type === 'warning' && warning.message).toMatch(/does not support tools/);
    // Remembered: the next turn does not try native tools again.
    t.ollama.script(OLD, intent('implementation'), say('Nothing to do.'));
    await turn('anything else?');
    expect(toModel(OLD).at(-1)!.body.tools).toBeUndefined();
  });
});
