// A run's event stream ends after its terminal event (replayed or live) with
// `event: end`, so clients following an ended run are not held open forever;
// and the session transcript over GET /api/sessions/:id/messages.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import * as runEvents from '../../app/api/runs/[id]/events/route';
import * as sessionMessages from '../../app/api/sessions/[id]/messages/route';
import { intent, say, testApp, type TestApp } from '../support/test-app';

const APP_KEY = Symbol.for('code-assistant.app');
let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterEach(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t.close();
});

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const stream = (runId: string, headers: Record<string, string> = {}) =>
  runEvents.GET(new Request(`http://127.0.0.1:3000/api/runs/${runId}/events`, { headers }), ctx(runId));

/** Every frame until the server closes the stream (a test timeout if it never does). */
async function readToEnd(res: Response): Promise<{ event?: string; id?: number; type?: string }[]> {
  const text = await res.text();
  return text.split('\n\n').filter(Boolean).map((block) => {
    const f: { event?: string; id?: number; type?: string } = {};
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) f.event = line.slice(7);
      if (line.startsWith('id: ')) f.id = Number(line.slice(4));
      if (line.startsWith('data: ')) f.type = (JSON.parse(line.slice(6)) as { type?: string }).type;
    }
    return f;
  });
}

describe('GET /api/runs/:id/events', () => {
  it('replays an ended run, then says end and closes', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), say('hello there'));
    const runId = startTurn(t.app, t.sessionId, 'hi');
    await t.app.runs.wait(runId);
    const frames = await readToEnd(await stream(runId));
    const data = frames.filter((f) => f.type);
    expect(data.map((f) => f.id)).toEqual(t.events(runId).map((e) => e.id));
    expect(data.at(-1)?.type).toBe('run_finished');
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('closes after the live terminal event when connected while the run goes on', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), { content: 'a b c d', delayMs: 10 });
    const runId = startTurn(t.app, t.sessionId, 'letters');
    const res = await stream(runId);
    const frames = await readToEnd(res);
    await t.app.runs.wait(runId);
    expect(frames.filter((f) => f.type).at(-1)?.type).toBe('run_finished');
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('closes at once for a client whose Last-Event-ID is already past the end', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), say('done'));
    const runId = startTurn(t.app, t.sessionId, 'hi');
    await t.app.runs.wait(runId);
    const last = t.events(runId).at(-1)!.id;
    const frames = await readToEnd(await stream(runId, { 'last-event-id': String(last) }));
    expect(frames.filter((f) => f.type)).toEqual([]);
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('stays open for a run put back in line after it ended, until it ends again', async () => {
    const runId = t.app.runs.create({ kind: 'pipeline', input: 'x', workspaceId: t.sessionWorkspaceId() }, 'queued');
    t.app.runs.endInactive(runId, 'first stop');
    t.app.runs.requeue(runId, { type: 'run_resumed', reason: 'the user resumed it' });
    const res = await stream(runId);
    const reading = readToEnd(res);
    t.app.runs.endInactive(runId, 'second stop');
    const frames = await reading;
    expect(frames.filter((f) => f.type).map((f) => f.type)).toEqual(['run_started', 'run_cancelled', 'run_resumed', 'run_cancelled']);
    expect(frames.at(-1)?.event).toBe('end');
  });

  it('refuses an empty run id, which would otherwise follow every run', async () => {
    const res = await runEvents.GET(new Request('http://127.0.0.1:3000/api/runs/%20/events'), ctx(' '));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/run id must not be empty/);
  });
});

describe('GET /api/sessions/:id/messages', () => {
  const get = (id: string, query = '') => sessionMessages.GET(new Request(`http://127.0.0.1:3000/api/sessions/${id}/messages${query}`), ctx(id));
  type Page = { messages: { id: number; role: string; content: string; runId: string }[]; more: boolean; error?: string };

  it('returns the transcript oldest first, a page at a time', async () => {
    t.ollama.script('qwen2.5-coder:7b', intent('conversational'), say('first answer'), intent('conversational'), say('second answer'));
    await t.app.runs.wait(startTurn(t.app, t.sessionId, 'first question'));
    const second = startTurn(t.app, t.sessionId, 'second question');
    await t.app.runs.wait(second);
    const all = (await (await get(t.sessionId)).json()) as Page;
    expect(all.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'first question'], ['assistant', 'first answer'], ['user', 'second question'], ['assistant', 'second answer'],
    ]);
    expect(all.more).toBe(false);
    const page = (await (await get(t.sessionId, '?limit=2')).json()) as Page;
    expect(page.messages.map((m) => m.content)).toEqual(['first question', 'first answer']);
    expect(page.more).toBe(true);
    const rest = (await (await get(t.sessionId, `?after=${page.messages[1]!.id}`)).json()) as Page;
    expect(rest.messages.map((m) => m.content)).toEqual(['second question', 'second answer']);
    expect(rest.messages[0]!.runId).toBe(second);
  });

  it('is a 404 for an unknown session and a 400 naming the field for bad paging', async () => {
    const missing = await get('no-such-session');
    expect(missing.status).toBe(404);
    for (const [q, msg] of [['?after=-1', '"after": expected a whole number'], ['?limit=0', '"limit": must be at least 1'], ['?limit=100000', '"limit": must be at most 500'], ['?after=1e3', '"after": expected a whole number']]) {
      const r = await get(t.sessionId, q);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as Page).error, q).toContain(msg);
    }
    const empty = await get('  ');
    expect(empty.status).toBe(400);
  });
});
