// Only the user's own choice changes the active workspace: a pipeline's folder,
// a benchmark sample's folder and a session created elsewhere leave it alone,
// and run folders do not crowd the recent list.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/test-app';
import * as pipelines from '../../app/api/pipelines/route';
import * as sessions from '../../app/api/sessions/route';
import * as workspaces from '../../app/api/workspaces/route';
import { startPipeline } from '../../lib/pipeline/start';

const APP_KEY = Symbol.for('code-assistant.app');
let t: TestApp;

beforeAll(async () => {
  t = await testApp();
  (globalThis as Record<symbol, unknown>)[APP_KEY] = t.app;
});
afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[APP_KEY];
  await t?.close();
});

const post = (body: unknown) => new Request('http://127.0.0.1:3000/api/x', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const listed = async () => (await (await workspaces.GET()).json()) as { workspaces: { id: string; path: string }[]; active: string | null };

async function stop(runId: string) {
  t.app.pipelines.cancel(runId);
  await t.app.pipelines.settled(runId);
}

describe('the active workspace', () => {
  it('stays the user\'s folder while pipelines and benchmark samples run in others, and their folders are not listed', async () => {
    const mine = t.sessionWorkspaceId();
    expect((await listed()).active).toBe(mine);

    const pipeDir = path.join(t.home, 'pipe-folder');
    fs.mkdirSync(pipeDir);
    const res = await pipelines.POST(post({ requirement: '# A tool\nPrint hello.', path: pipeDir }));
    expect(res.status).toBe(202);
    await stop(((await res.json()) as { runId: string }).runId);

    const fresh = await pipelines.POST(post({ requirement: '# A tool\nPrint hello.', newFolder: path.join(t.home, 'made-for-me') }));
    expect(fresh.status).toBe(202);
    await stop(((await fresh.json()) as { runId: string }).runId);

    const benchDir = path.join(t.home, 'bench-sample');
    fs.mkdirSync(benchDir);
    await stop(startPipeline(t.app, '# A tool\nPrint hello.', { path: benchDir }, 'bench'));

    const after = await listed();
    expect(after.active).toBe(mine);
    expect(after.workspaces.map((w) => w.path)).toEqual([t.workspace]);
  });

  it('does not move when a session is created in another workspace; opening a folder does move it', async () => {
    const other = path.join(t.home, 'other');
    fs.mkdirSync(other);
    const opened = await workspaces.POST(post({ path: other }));
    expect(opened.status).toBe(201);
    const otherId = ((await opened.json()) as { workspace: { id: string } }).workspace.id;
    expect((await listed()).active).toBe(otherId);

    const s = await sessions.POST(post({ workspaceId: t.sessionWorkspaceId() }));
    expect(s.status).toBe(201);
    expect((await listed()).active).toBe(otherId);

    // A pipeline folder the user later opens becomes theirs: listed and active.
    const pipeDir = path.join(t.home, 'pipe-folder');
    const reopened = await workspaces.POST(post({ path: pipeDir }));
    expect(reopened.status).toBe(201);
    const now = await listed();
    expect(now.workspaces[0]?.path).toBe(pipeDir);
    expect(now.active).toBe(now.workspaces[0]?.id);
  });
});
