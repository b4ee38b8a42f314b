// A chat turn end to end through the engine: the scripted model classifies,
// calls tools (native and salvaged), and the event log, messages and files
// on disk are what a user would see.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn, TurnError } from '../lib/agents/chat';
import { history } from '../lib/sessions/sessions';
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

async function turn(text: string, opts: { quick?: boolean } = {}) {
  const runId = startTurn(t.app, t.sessionId, text, opts);
  await t.app.runs.wait(runId);
  return { runId, events: t.events(runId) };
}

const types = (evs: { type: string }[]) => evs.map((e) => e.type);

describe('chat turn', () => {
  it('implementation: writes a file, runs a shell command, and records everything', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      call('write_file', { path: 'hello.py', content: 'print("hello from the model")\n' }),
      call('run_shell', { command: 'python3 hello.py' }),
      say('Created hello.py and ran it.'),
    );
    const { runId, events } = await turn('create hello.py that prints a greeting and run it');
    expect(fs.readFileSync(path.join(t.workspace, 'hello.py'), 'utf8')).toBe('print("hello from the model")\n');
    expect(types(events)).toContain('intent');
    const results = events.filter((e) => e.type === 'tool_result');
    expect(results.map((r) => r.type === 'tool_result' && r.tool)).toEqual(['write_file', 'run_shell']);
    const shellOut = events.filter((e) => e.type === 'tool_output').map((e) => (e.type === 'tool_output' ? e.text : '')).join('');
    expect(shellOut).toContain('hello from the model');
    const write = results[0];
    expect(write.type === 'tool_result' && write.files?.[0]).toMatchObject({ path: 'hello.py', before: null });
    expect(events.at(-1)?.type).toBe('run_finished');
    // The model was given num_ctx explicitly on every call (Ollama's default truncates silently).
    for (const req of t.ollama.chatRequests()) expect(req.options?.num_ctx).toBeGreaterThanOrEqual(2048);
    // The next turn sees the whole conversation, tool results included.
    const h = history(t.app.db, t.sessionId);
    expect(h.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
    expect(h[4].content).toContain('hello from the model');
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'finished' });
  });

  it('conversational: streams the answer; deltas are coalesced in storage', async () => {
    const answer = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    t.ollama.script(SMALL, intent('conversational'), { content: answer });
    const { events } = await turn('what is a monad?');
    const deltas = events.filter((e) => e.type === 'message_delta');
    const text = deltas.map((e) => (e.type === 'message_delta' ? e.text : '')).join('');
    expect(text).toBe(answer);
    expect(deltas.length).toBeLessThan(200); // 200 tokens, far fewer rows
    const done = events.find((e) => e.type === 'message_done');
    expect(done?.type === 'message_done' && done.content).toBe(answer);
    // The conversational path offers the model no tools.
    expect(t.ollama.chatRequests()[1].tools).toBeUndefined();
  });

  it('quick mode: one request to the quick model, no classification, no tools', async () => {
    t.ollama.script(SMALL, say('`git reflog` lists where HEAD has been.'));
    const { events } = await turn('/quick what does git reflog do?');
    expect(t.ollama.chatRequests()).toHaveLength(1);
    expect(t.ollama.chatRequests()[0].tools).toBeUndefined();
    expect(types(events)).not.toContain('intent');
    expect(events.find((e) => e.type === 'run_started')).toMatchObject({ kind: 'quick', input: 'what does git reflog do?' });
  });

  it('salvages a file the model printed instead of writing, and counts it', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, say('Here is the file:\n\n```python\n# calc.py\ndef add(a, b):\n    return a + b\n```\n'), say('Done.'));
    const { events } = await turn('write calc.py with an add function');
    expect(fs.readFileSync(path.join(t.workspace, 'calc.py'), 'utf8')).toContain('return a + b');
    expect(events.find((e) => e.type === 'salvage')).toMatchObject({ kind: 'fenced_file', model: BIG });
    expect(events.find((e) => e.type === 'tool_call')).toMatchObject({ tool: 'write_file', salvaged: 'fenced_file' });
  });

  it('nudges once when the model explains instead of acting', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      say('You should define a main function like this:\n\n```python\ndef main():\n    pass\n```\n\nThen save it in your project.'),
      call('write_file', { path: 'app.py', content: 'def main():\n    pass\n' }),
      say('Written.'),
    );
    const { events } = await turn('make app.py');
    expect(events.filter((e) => e.type === 'salvage').map((e) => e.type === 'salvage' && e.kind)).toContain('nudge');
    expect(fs.existsSync(path.join(t.workspace, 'app.py'))).toBe(true);
  });

  it('does not nudge a closing summary with code after the model acted', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      call('write_file', { path: 'add.py', content: 'def add(a, b):\n    return a + b\n' }),
      say('I created add.py:\n\n```python\ndef add(a, b):\n    return a + b\n```\n'),
    );
    const { events } = await turn('write add.py');
    expect(events.some((e) => e.type === 'salvage' && e.kind === 'nudge')).toBe(false);
    expect(events.at(-1)?.type).toBe('run_finished');
  });

  it('a call to an unknown tool and a path outside the workspace get precise errors', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(
      BIG,
      call('delete_everything', {}),
      call('read_file', { path: '../../etc/passwd' }),
      say('ok'),
    );
    const { events } = await turn('do it');
    const results = events.filter((e) => e.type === 'tool_result');
    expect(results[0]).toMatchObject({ ok: false });
    expect(results[0].type === 'tool_result' && results[0].content).toMatch(/write_file/);
    expect(results[1]).toMatchObject({ ok: false });
    expect(results[1].type === 'tool_result' && results[1].content).toMatch(/outside/i);
  });

  it('breaks a loop of identical calls', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    const same = call('list_files', { path: '.' });
    t.ollama.script(BIG, same, same, same, same, same, same, say('giving up'));
    const { events } = await turn('list');
    expect(events.some((e) => e.type === 'salvage' && e.kind === 'loop_break')).toBe(true);
    expect(events.at(-1)?.type).toBe('run_finished');
  });

  it('Ollama dying mid-answer keeps the partial reply, marks it, and the session stays usable', async () => {
    t.ollama.script(SMALL, intent('conversational'), { content: 'The first part of a long answer that', chunks: ['The first ', 'part of ', 'a long ', 'answer that'], dropAfterChunks: 2 });
    const { runId, events } = await turn('explain closures');
    expect(events.at(-1)).toMatchObject({ type: 'run_failed' });
    const done = events.find((e) => e.type === 'message_done');
    expect(done).toMatchObject({ partial: true, content: 'The first part of ' });
    const h = history(t.app.db, t.sessionId);
    expect(h.at(-1)?.content).toContain('[reply interrupted]');
    expect(t.app.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId)).toEqual({ status: 'failed' });
    t.ollama.script(SMALL, intent('conversational'), say('Closures capture variables.'));
    const again = await turn('try again');
    expect(again.events.at(-1)?.type).toBe('run_finished');
  });

  it('Ollama not running: the run fails with what to do', async () => {
    await t.ollama.stop();
    const { events } = await turn('hello');
    const failed = events.at(-1);
    expect(failed?.type === 'run_failed' && failed.error).toMatch(/not reachable.*ollama serve/i);
  });

  it('a model that is not pulled: the error names the pull command', async () => {
    // The implementer is configured to a model the server does not have.
    const other = await testApp({ CA_IMPLEMENTER_MODEL: 'qwen2.5-coder:32b' });
    try {
      other.ollama.script(SMALL, intent('implementation'));
      const r = startTurn(other.app, other.sessionId, 'change something');
      await other.app.runs.wait(r);
      const last = other.events(r).at(-1);
      expect(last?.type === 'run_failed' && last.error).toContain('ollama pull qwen2.5-coder:32b');
    } finally {
      await other.close();
    }
  });

  it('a second turn while one runs in the same session is refused with 409', async () => {
    t.ollama.script(SMALL, { content: 'x', hang: true });
    const runId = startTurn(t.app, t.sessionId, 'first');
    expect(() => startTurn(t.app, t.sessionId, 'second')).toThrow(TurnError);
    try {
      startTurn(t.app, t.sessionId, 'second');
    } catch (e) {
      expect((e as TurnError).status).toBe(409);
    }
    t.app.runs.cancel(runId);
    await t.app.runs.wait(runId);
  });
});

describe('stop', () => {
  it('aborts the Ollama request', async () => {
    t.ollama.script(SMALL, intent('conversational'), { content: 'never ends', chunks: ['never ', 'ends'], hang: true });
    const runId = startTurn(t.app, t.sessionId, 'talk');
    await waitFor(() => t.events(runId).some((e) => e.type === 'message_started'));
    await new Promise((r) => setTimeout(r, 100));
    t.app.runs.cancel(runId);
    await t.app.runs.wait(runId);
    expect(t.events(runId).at(-1)?.type).toBe('run_cancelled');
    await waitFor(() => t.ollama.aborted > 0);
  });

  it('kills a running shell command and its children', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    // The sandbox's PID namespace makes a printed $! meaningless here: the child is
    // found on the host by its argv[0] (`camark"id"` is the marker only to bash).
    const id = String(process.pid) + String(Date.now());
    t.ollama.script(BIG, call('run_shell', { command: `echo started; (exec -a camark"${id}" sleep 30) & echo child; wait` }));
    const runId = startTurn(t.app, t.sessionId, 'run it');
    await waitFor(() => hostPids(`camark${id}`).length === 1);
    const [child] = hostPids(`camark${id}`);
    t.app.runs.cancel(runId);
    await t.app.runs.wait(runId);
    expect(t.events(runId).at(-1)?.type).toBe('run_cancelled');
    const result = t.events(runId).find((e) => e.type === 'tool_result');
    expect(result).toMatchObject({ killed: true });
    await waitFor(() => !alive(child!));
  });
});

describe('approval (shell policy "ask")', () => {
  it('waits for the user; a denied command does not run', async () => {
    const other = await testApp({ CA_SHELL_POLICY: 'ask' });
    try {
      other.ollama.script(SMALL, intent('implementation'));
      other.ollama.script(BIG, call('run_shell', { command: 'touch ran.txt' }), say('ok'));
      const runId = startTurn(other.app, other.sessionId, 'touch a file');
      await waitFor(() => other.events(runId).some((e) => e.type === 'approval_requested'));
      const req = other.events(runId).find((e) => e.type === 'approval_requested')!;
      expect(req).toMatchObject({ command: 'touch ran.txt' });
      expect(other.app.runs.resolveApproval(runId, req.type === 'approval_requested' ? req.callId : '', false)).toBe(true);
      await other.app.runs.wait(runId);
      expect(fs.existsSync(path.join(other.workspace, 'ran.txt'))).toBe(false);
      expect(other.events(runId).find((e) => e.type === 'tool_result')).toMatchObject({ ok: false });
    } finally {
      await other.close();
    }
  });
});

export async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'; // a zombie awaiting its reaper is gone
  } catch {
    return false;
  }
}

/** Host pids whose command line contains `marker`. */
function hostPids(marker: string): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) && alive(pid);
    } catch {
      return false;
    }
  });
}
