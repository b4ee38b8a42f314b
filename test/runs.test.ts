// The event log and its SSE view: replay after Last-Event-ID, live tail,
// coalesced deltas, interrupted runs, and revert of a turn's files.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, start } from '../lib/app';
import { startTurn } from '../lib/agents/chat';
import { revertRun } from '../lib/runs/revert';
import { sseResponse } from '../lib/runs/sse';
import { call, intent, say, testApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
});
afterEach(async () => {
  await t.close();
});

/** Reads SSE frames from a Response until `until` says stop. */
async function readSse(res: Response, until: (frames: { id?: number; data?: any }[]) => boolean, ac: AbortController) {
  const frames: { id?: number; data?: any }[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  while (!until(frames)) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const f: { id?: number; data?: any } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) f.id = Number(line.slice(4));
        if (line.startsWith('data: ')) f.data = JSON.parse(line.slice(6));
      }
      if (f.id !== undefined || f.data !== undefined) frames.push(f);
    }
  }
  ac.abort();
  return frames;
}

describe('event log and SSE', () => {
  it('replays only what comes after Last-Event-ID, in order', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), say('one two three four'));
    const runId = startTurn(t.app, t.sessionId, 'count');
    await t.app.runs.wait(runId);
    const all = t.events();
    const cut = all[3].id;
    const ac = new AbortController();
    const res = sseResponse(t.app.log, { sessionId: t.sessionId }, cut, ac.signal);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const frames = await readSse(res, (f) => f.some((x) => x.data?.type === 'run_finished'), ac);
    expect(frames.map((f) => f.id)).toEqual(all.filter((e) => e.id > cut).map((e) => e.id));
  });

  it('tails live: tokens arrive one by one, then acks advance the id without repeating data', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), { content: 'a b c d e f g h', delayMs: 15 });
    const ac = new AbortController();
    const res = sseResponse(t.app.log, { sessionId: t.sessionId }, 0, ac.signal);
    const runId = startTurn(t.app, t.sessionId, 'letters');
    const frames = await readSse(res, (f) => f.some((x) => x.data?.type === 'run_finished'), ac);
    await t.app.runs.wait(runId);
    const live = frames.filter((f) => f.data?.type === 'message_delta');
    expect(live.length).toBeGreaterThanOrEqual(8);
    expect(live.every((f) => f.id === undefined && f.data.id === 0)).toBe(true);
    let text = '';
    for (const f of live) text = text.slice(0, f.data.offset) + f.data.text;
    expect(text).toBe('a b c d e f g h');
    // Persisted coalesced rows reach the live client as bare ids.
    const acks = frames.filter((f) => f.id !== undefined && f.data === undefined);
    expect(acks.length).toBeGreaterThan(0);
    const stored = t.events(runId).filter((e) => e.type === 'message_delta').map((e) => e.id);
    expect(acks.map((a) => a.id)).toEqual(stored);
  });

  it('marks runs left running by a crash as interrupted on the next start', async () => {
    t.ollama.script('qwen2.5-coder:7b', { content: 'x', hang: true });
    const runId = startTurn(t.app, t.sessionId, 'hang');
    await new Promise((r) => setTimeout(r, 100));
    // A second app on the same data folder is what a restart after `kill -9` sees.
    const restarted = createApp({ homeDir: t.home, env: { CA_DATA_DIR: path.join(t.home, 'data'), OLLAMA_HOST: t.ollama.url } });
    start(restarted);
    const row = restarted.db.$client.prepare('SELECT status FROM runs WHERE id = ?').get(runId);
    expect(row).toEqual({ status: 'interrupted' });
    expect(restarted.log.replay({ runId }).at(-1)?.type).toBe('run_interrupted');
    restarted.db.$client.close();
    t.app.runs.cancel(runId);
    await t.app.runs.wait(runId);
  });
});

describe('revert', () => {
  it('restores edited files and removes created ones; refuses to clobber later changes unless forced', async () => {
    const existing = path.join(t.workspace, 'main.py');
    fs.writeFileSync(existing, 'print("original")\n');
    t.ollama.script('qwen2.5-coder:7b', intent('implementation'));
    t.ollama.script(
      'qwen2.5-coder:14b',
      call('edit_file', { path: 'main.py', old_string: 'print("original")', new_string: 'print("changed")' }),
      call('write_file', { path: 'pkg/new.py', content: 'x = 1\n' }),
      call('write_file', { path: 'pkg/new.py', content: 'x = 2\n' }),
      say('done'),
    );
    const runId = startTurn(t.app, t.sessionId, 'change things');
    await t.app.runs.wait(runId);
    expect(fs.readFileSync(existing, 'utf8')).toBe('print("changed")\n');
    expect(fs.readFileSync(path.join(t.workspace, 'pkg/new.py'), 'utf8')).toBe('x = 2\n');

    // The user edits a file after the turn: a plain revert must not lose that.
    fs.writeFileSync(existing, 'print("user edit")\n');
    const refused = revertRun(t.app, runId);
    expect(refused).toMatchObject({ ok: false, conflicts: ['main.py'] });
    expect(fs.readFileSync(existing, 'utf8')).toBe('print("user edit")\n');

    const forced = revertRun(t.app, runId, true);
    expect(forced.ok).toBe(true);
    expect(fs.readFileSync(existing, 'utf8')).toBe('print("original")\n');
    expect(fs.existsSync(path.join(t.workspace, 'pkg/new.py'))).toBe(false);
    // What the revert overwrote is kept in the log.
    const rev = t.events(runId).find((e) => e.type === 'reverted');
    expect(rev?.type === 'reverted' && rev.files.find((f) => f.path === 'main.py')?.before).toBe('print("user edit")\n');
  });
});
