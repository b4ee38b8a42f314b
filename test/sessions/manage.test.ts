// The sidebar's sessions through the engine and the real route handlers:
// one workspace's list newest first, search by title or request, rename that
// sticks, and delete that removes the records but never a workspace file.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTurn } from '../../lib/agents/chat';
import { deleteSession, findSessions, renameSession } from '../../lib/sessions/manage';
import { createSession, getSession } from '../../lib/sessions/sessions';
import { addWorkspace } from '../../lib/sessions/workspaces';
import { UNTITLED } from '../../lib/sessions/title';
import * as sessionsRoute from '../../app/api/sessions/route';
import * as sessionRoute from '../../app/api/sessions/[id]/route';
import { call, intent, say, testApp, type TestApp } from '../support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';
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

async function turn(sessionId: string, text: string) {
  const runId = startTurn(t.app, sessionId, text);
  await t.app.runs.wait(runId);
  return runId;
}
const count = (sql: string, ...args: unknown[]) => (t.app.db.$client.prepare(sql).get(...args) as { n: number }).n;
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const req = (url: string, method = 'GET', body?: unknown) =>
  new Request(`http://127.0.0.1:3000${url}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });

describe('titles', () => {
  it('a greeting leaves the session untitled; the first real request names it; a rename sticks', async () => {
    t.ollama.script(SMALL, intent('conversational'), say('Hello!'));
    await turn(t.sessionId, 'hello');
    expect(getSession(t.app.db, t.sessionId)!.session.title).toBe(UNTITLED);
    t.ollama.script(SMALL, intent('conversational'), say('It is a parser.'));
    await turn(t.sessionId, 'Hi! Could you explain what lexer.rs does?');
    expect(getSession(t.app.db, t.sessionId)!.session.title).toBe('explain what lexer.rs does?');

    renameSession(t.app.db, t.sessionId, '  Lexer\nquestions  ');
    t.ollama.script(SMALL, intent('conversational'), say('Sure.'));
    await turn(t.sessionId, 'and the parser?');
    expect(getSession(t.app.db, t.sessionId)!.session.title).toBe('Lexer questions');
  });

  it('an empty name is refused, an unknown session is a 404', () => {
    expect(() => renameSession(t.app.db, t.sessionId, ' \n ')).toThrow(/name/);
    expect(() => renameSession(t.app.db, 'nope', 'x')).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('findSessions', () => {
  it('lists one workspace\'s sessions newest first and finds them by title or by a request, literally', async () => {
    const other = path.join(t.home, 'other');
    fs.mkdirSync(other);
    const otherWs = addWorkspace(t.app.db, other);
    const elsewhere = createSession(t.app.db, otherWs.id, 'parser work elsewhere');
    const mine = t.sessionWorkspaceId();
    const second = createSession(t.app.db, mine, 'Parser 100% done');
    const third = createSession(t.app.db, mine, 'docs');
    t.ollama.script(SMALL, intent('conversational'), say('a zebra answers'));
    await turn(third.id, 'document the tokenizer'); // it keeps its title, and is now the newest

    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect(ids(findSessions(t.app.db, { workspaceId: mine }))).toEqual([third.id, second.id, t.sessionId]);
    expect(ids(findSessions(t.app.db, { workspaceId: otherWs.id }))).toEqual([elsewhere.id]);
    // By title, case-insensitive; by what the user asked; every word must match.
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: 'parser' }))).toEqual([second.id]);
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: 'TOKENIZER' }))).toEqual([third.id]);
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: 'docs tokenizer' }))).toEqual([third.id]);
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: 'docs parser' }))).toEqual([]);
    // % and _ are what they are, not wildcards.
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: '100%' }))).toEqual([second.id]);
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: '%' }))).toEqual([second.id]);
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: '_' }))).toEqual([]);
    // The model's answer is not searched: only what was asked.
    expect(ids(findSessions(t.app.db, { workspaceId: mine, query: 'zebra' }))).toEqual([]);
  });

  it('GET /api/sessions takes workspace and q, and refuses a query that is too long', async () => {
    createSession(t.app.db, t.sessionWorkspaceId(), 'Sidebar search');
    const res = await sessionsRoute.GET(req(`/api/sessions?workspace=${t.sessionWorkspaceId()}&q=sidebar`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { sessions: { title: string; workspaceId: string }[] };
    expect(body.sessions.map((s) => s.title)).toEqual(['Sidebar search']);
    const long = await sessionsRoute.GET(req(`/api/sessions?q=${'x'.repeat(201)}`));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: string }).error).toContain('"q"');
  });
});

describe('delete', () => {
  it('removes the session, its messages, runs and events, and leaves the files it wrote in the workspace', async () => {
    t.ollama.script(SMALL, intent('implementation'));
    t.ollama.script(BIG, call('write_file', { path: 'keep.py', content: 'print("kept")\n' }), say('Wrote keep.py.'));
    const runId = await turn(t.sessionId, 'write keep.py');
    const keep = path.join(t.workspace, 'keep.py');
    expect(fs.existsSync(keep)).toBe(true);
    const survivor = createSession(t.app.db, t.sessionWorkspaceId(), 'another');
    t.ollama.script(SMALL, intent('conversational'), say('hi'));
    const otherRun = await turn(survivor.id, 'a question');
    expect(count('SELECT COUNT(*) n FROM events WHERE run_id = ?', runId)).toBeGreaterThan(0);

    const res = await sessionRoute.DELETE(req(`/api/sessions/${t.sessionId}`, 'DELETE'), ctx(t.sessionId));
    expect(res.status).toBe(200);
    const { deleted } = (await res.json()) as { deleted: { runs: number; messages: number; events: number } };
    expect(deleted.runs).toBe(1);
    expect(deleted.messages).toBeGreaterThan(0);
    expect(deleted.events).toBeGreaterThan(0);

    expect(getSession(t.app.db, t.sessionId)).toBeUndefined();
    expect(count('SELECT COUNT(*) n FROM messages WHERE session_id = ?', t.sessionId)).toBe(0);
    expect(count('SELECT COUNT(*) n FROM runs WHERE session_id = ?', t.sessionId)).toBe(0);
    expect(count('SELECT COUNT(*) n FROM events WHERE run_id = ? OR session_id = ?', runId, t.sessionId)).toBe(0);
    // The file the turn wrote, and the other session, are untouched.
    expect(fs.readFileSync(keep, 'utf8')).toBe('print("kept")\n');
    expect(getSession(t.app.db, survivor.id)).toBeDefined();
    expect(count('SELECT COUNT(*) n FROM events WHERE run_id = ?', otherRun)).toBeGreaterThan(0);

    const again = await sessionRoute.DELETE(req(`/api/sessions/${t.sessionId}`, 'DELETE'), ctx(t.sessionId));
    expect(again.status).toBe(404);
  });

  it('refuses while a reply is running, and works once it is stopped', async () => {
    t.ollama.script(SMALL, intent('conversational'), { content: 'forever', chunks: ['for'], hang: true });
    const runId = startTurn(t.app, t.sessionId, 'talk forever');
    await expect.poll(() => t.ollama.chatRequests().length).toBe(2); // classified, now streaming the answer
    expect(() => deleteSession(t.app, t.sessionId)).toThrow(expect.objectContaining({ status: 409 }));
    t.app.runs.cancel(runId);
    await t.app.runs.wait(runId);
    expect(deleteSession(t.app, t.sessionId).runs).toBe(1);
  });

  it('PATCH renames without touching the model overrides; a bad title is a 400', async () => {
    await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { models: { quick_model: 'qwen2.5-coder:7b' } }), ctx(t.sessionId));
    const res = await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { title: 'Renamed' }), ctx(t.sessionId));
    expect(await res.json()).toEqual({ title: 'Renamed' });
    const found = getSession(t.app.db, t.sessionId)!;
    expect(found.session.title).toBe('Renamed');
    expect(JSON.parse(found.session.models)).toEqual({ quick_model: 'qwen2.5-coder:7b' });
    const bad = await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { title: 42 }), ctx(t.sessionId));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('"title": expected string, got number');
    const empty = await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { title: '   ' }), ctx(t.sessionId));
    expect(empty.status).toBe(400);
    const long = await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { title: 'x'.repeat(201) }), ctx(t.sessionId));
    expect(long.status).toBe(400);
    // Control characters (a forged newline, a bell) become spaces; markup is kept as text for React to escape.
    await sessionRoute.PATCH(req(`/api/sessions/${t.sessionId}`, 'PATCH', { title: 'a\u0000b\r\nc\u0007 <img src=x>' }), ctx(t.sessionId));
    expect(getSession(t.app.db, t.sessionId)!.session.title).toBe('a b c <img src=x>');
  });
});
