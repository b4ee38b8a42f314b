// The app shell as a user meets it, in Chromium against the built app: the
// sidebar's workspace switcher, its sessions (titles from the request, search,
// rename, delete after a confirmation that leaves workspace files alone), the
// same sidebar and header on every page, and 900 px without sideways scroll.
// Every page is screenshotted at 1440 and 900 px as a test artifact.
import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, MODELS, serverTest, test } from './fixtures';
import { openWorkspace, send, scriptIntent } from './ui';
import { BIG, call, CLASSIFY, CRITERIA, FINDINGS, FIX, IMPLEMENT, intent, PLAN, REQUIREMENT, REVISE, SMALL, SUMMARY } from '../test/pipeline/scripts';


// One chat model for the sidebar's story: each reply is scripted in the order it is asked for, whichever persona asks.
const oneModel = serverTest({ models: MODELS }, { CA_SHELL_POLICY: 'auto', CA_ARCHITECT_MODEL: SMALL, CA_IMPLEMENTER_MODEL: SMALL });

test.beforeEach(({ env }) => env.ollama.reset());
oneModel.beforeEach(({ env }) => env.ollama.reset());

async function newSession(page: Page) {
  const before = page.url();
  await page.getByTestId('sidebar-new-session').click();
  await expect(page).not.toHaveURL(before);
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('chat-input')).toBeVisible();
}

async function finished(page: Page) {
  await expect(page.getByTestId('turn').last()).toHaveAttribute('data-status', 'finished');
}

oneModel('sidebar: titles from the request, search, rename, delete after confirming, switch workspace', async ({ page, env, workspace }) => {
  const other = path.join(path.dirname(workspace), `other-${path.basename(workspace)}`);
  fs.mkdirSync(other, { recursive: true });
  await openWorkspace(page, env.app.url, other);
  await openWorkspace(page, env.app.url, workspace);
  const sidebar = page.getByTestId('sidebar');
  await expect(sidebar.getByTestId('sidebar-workspace')).toHaveAttribute('data-path', workspace);
  await expect(sidebar.getByTestId('sidebar-sessions-empty')).toContainText('No sessions in this workspace yet.');

  // A session that writes a file; its title is the request.
  await newSession(page);
  env.ollama.script(SMALL, intent('implementation'), call('write_file', { path: 'lexer.py', content: 'TOKENS = []\n' }), { content: 'Wrote lexer.py.' });
  await send(page, 'write the lexer module');
  await finished(page);
  const lexerFile = path.join(workspace, 'lexer.py');
  expect(fs.existsSync(lexerFile)).toBe(true);
  const rows = sidebar.getByTestId('sidebar-session');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('write the lexer module');
  await expect(rows.first()).toHaveAttribute('data-current', 'true');

  // A greeting names nothing; the first real request does. Newest first.
  await newSession(page);
  env.ollama.script(SMALL, intent('conversational'), { content: 'Hello! What shall we build?' });
  await send(page, 'hello');
  await finished(page);
  await expect(page.getByTestId('session-title')).toHaveText('New session');
  env.ollama.script(SMALL, intent('conversational'), { content: 'The parser is in parse.py.' });
  await send(page, 'Hi! Where does the parser live?');
  await finished(page);
  await expect(page.getByTestId('session-title')).toHaveText('Where does the parser live?');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Where does the parser live?');
  await expect(rows.nth(1)).toContainText('write the lexer module');

  // Search: by title, and by what was asked ("hello" is only in a request).
  const search = sidebar.getByTestId('session-search');
  await search.fill('lexer');
  await expect(sidebar.getByTestId('sidebar-sessions')).toHaveAttribute('data-query', 'lexer');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('write the lexer module');
  await search.fill('hello');
  await expect(sidebar.getByTestId('sidebar-sessions')).toHaveAttribute('data-query', 'hello');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Where does the parser live?');
  await search.fill('no such words');
  await expect(sidebar.getByTestId('sidebar-sessions-empty')).toContainText('No session here matches “no such words”.');
  await search.fill('');
  await expect(rows).toHaveCount(2);

  // Rename: Esc cancels, Enter saves; it sticks across a reload and a later request.
  const lexerRow = rows.filter({ hasText: 'write the lexer module' });
  await lexerRow.hover();
  await lexerRow.getByTestId('session-rename').click();
  await sidebar.getByTestId('session-rename-input').fill('discarded');
  await sidebar.getByTestId('session-rename-input').press('Escape');
  await expect(rows.filter({ hasText: 'write the lexer module' })).toHaveCount(1);
  await lexerRow.hover();
  await lexerRow.getByTestId('session-rename').click();
  await sidebar.getByTestId('session-rename-input').fill('Lexer work');
  await sidebar.getByTestId('session-rename-input').press('Enter');
  const renamed = rows.filter({ hasText: 'Lexer work' });
  await expect(renamed).toHaveCount(1);
  await renamed.getByTestId('sidebar-session-link').click();
  await expect(page.getByTestId('session-title')).toHaveText('Lexer work');
  await page.reload();
  await expect(page.getByTestId('session-title')).toHaveText('Lexer work');
  await expect(rows.filter({ hasText: 'Lexer work' })).toHaveAttribute('data-current', 'true');

  // Delete asks first and says files stay; Cancel keeps it; Delete removes it and leaves lexer.py.
  const sessionUrl = page.url();
  const sessionId = sessionUrl.split('/').pop()!;
  await renamed.hover();
  await renamed.getByTestId('session-delete').click();
  const confirm = renamed.getByTestId('session-delete-confirm');
  await expect(confirm).toContainText('Delete Lexer work?');
  await expect(confirm).toContainText('Files in the workspace stay as they are.');
  await confirm.getByTestId('session-delete-cancel').click();
  await expect(renamed.getByTestId('session-delete-confirm')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await renamed.hover();
  await renamed.getByTestId('session-delete').click();
  await renamed.getByTestId('session-delete-yes').click();
  // It was the open session: the page goes home.
  await expect(page).toHaveURL(`${env.app.url}/`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Where does the parser live?');
  expect(fs.readFileSync(lexerFile, 'utf8')).toBe('TOKENS = []\n');
  expect((await fetch(`${env.app.url}/api/sessions/${sessionId}`)).status).toBe(404);
  await page.goto(sessionUrl);
  await expect(page.getByTestId('session-missing')).toContainText('No such session');

  // Switch workspace: the user's choice, so it becomes the active one everywhere.
  await page.goto(env.app.url);
  await sidebar.getByTestId('workspace-switcher').click();
  await sidebar.locator(`[data-testid="workspace-option"][data-path="${other}"]`).click();
  await expect(sidebar.getByTestId('sidebar-workspace')).toHaveAttribute('data-path', other);
  await expect(page.getByTestId('active-workspace')).toHaveText(other);
  await expect(sidebar.getByTestId('sidebar-sessions-empty')).toContainText('No sessions in this workspace yet.');
  const listed = (await (await fetch(`${env.app.url}/api/workspaces`)).json()) as { active: string; workspaces: { id: string; path: string }[] };
  expect(listed.workspaces.find((w) => w.id === listed.active)?.path).toBe(other);
  await expect(sidebar.getByTestId('nav-index')).toHaveAttribute('href', `/workspaces/${listed.active}/index`);
  // Back again: its sessions are there.
  await sidebar.getByTestId('workspace-switcher').click();
  await sidebar.locator(`[data-testid="workspace-option"][data-path="${workspace}"]`).click();
  await expect(sidebar.getByTestId('sidebar-workspace')).toHaveAttribute('data-path', workspace);
  await expect(rows).toHaveCount(1);

  // Narrow, with a reply streaming: Esc closes the open drawer and leaves the reply alone; the next Esc stops it.
  await page.setViewportSize({ width: 900, height: 800 });
  await page.getByTestId('sidebar-toggle').click();
  await rows.first().getByTestId('sidebar-session-link').click();
  await expect(page.getByTestId('chat-input')).toBeVisible();
  env.ollama.script(SMALL, intent('conversational'), { content: 'a long answer', chunks: ['a long '], hang: true });
  await send(page, 'talk for a while');
  const turn = page.getByTestId('turn').last();
  await expect(turn.getByTestId('assistant-message')).toContainText('a long');
  await page.getByTestId('sidebar-toggle').click();
  await expect(sidebar).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(turn).toHaveAttribute('data-status', 'running');
  await page.keyboard.press('Escape');
  await expect(turn).toHaveAttribute('data-status', 'cancelled');
});

/** document and the shell's scroller: neither is wider than the window. */
async function expectNoSidewaysScroll(page: Page) {
  const m = await page.evaluate(() => {
    const main = document.querySelector('[data-testid="shell-main"]')!;
    return { doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner: window.innerWidth, main: main.scrollWidth, mainClient: main.clientWidth };
  });
  expect(m.doc, JSON.stringify(m)).toBeLessThanOrEqual(m.inner);
  expect(m.body, JSON.stringify(m)).toBeLessThanOrEqual(m.inner);
  expect(m.main, JSON.stringify(m)).toBeLessThanOrEqual(m.mainClient);
}

async function shot(page: Page, info: TestInfo, name: string) {
  const file = info.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  await info.attach(name, { path: file, contentType: 'image/png' });
}

test('every page: the sidebar and one header at 1440 px, a drawer at 900 px without sideways scroll; screenshots', async ({ page, env, workspace, playwright }, info) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openWorkspace(page, env.app.url, workspace);
  fs.writeFileSync(path.join(workspace, 'app.py'), 'def main():\n    print("hi")\n');

  // A session with a turn in it.
  await newSession(page);
  const sessionUrl = page.url();
  scriptIntent(env.ollama, [SMALL, BIG], 'implementation');
  env.ollama.script(BIG, call('write_file', { path: 'greet.py', content: 'print("hello")\n' }), call('run_shell', { command: 'python3 greet.py' }), { content: 'Wrote `greet.py` and ran it.' });
  await send(page, 'write greet.py and run it');
  await finished(page);

  // A finished pipeline run.
  env.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
  env.ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
  const api = await playwright.request.newContext({ extraHTTPHeaders: { origin: env.app.url } });
  const started = await api.post(`${env.app.url}/api/pipelines`, { data: { requirement: REQUIREMENT, newFolder: path.join(workspace, 'calc') } });
  expect(started.status()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  const { active } = (await (await fetch(`${env.app.url}/api/workspaces`)).json()) as { active: string };

  const pages: { name: string; url: string; title: string; ready: () => Promise<void> }[] = [
    { name: 'home', url: '/', title: 'Home', ready: () => expect(page.getByTestId('status-line')).toBeVisible() },
    { name: 'session', url: sessionUrl.replace(env.app.url, ''), title: 'Session', ready: () => finished(page) },
    { name: 'pipelines', url: '/pipelines', title: 'Pipelines', ready: () => expect(page.getByTestId('pipeline-item').first()).toBeVisible() },
    { name: 'new-pipeline', url: '/pipelines/new', title: 'New pipeline', ready: () => expect(page.getByTestId('requirement-editor')).toBeVisible() },
    { name: 'pipeline-run', url: `/pipelines/${runId}`, title: 'Pipeline run', ready: () => expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 }) },
    { name: 'benchmarks', url: '/benchmarks', title: 'Benchmarks', ready: () => expect(page.getByTestId('start-bench')).toBeVisible() },
    { name: 'index', url: `/workspaces/${active}/index`, title: 'Index', ready: () => expect(page.getByTestId('index-files')).toBeVisible() },
    { name: 'settings', url: '/settings', title: 'Settings', ready: () => expect(page.getByTestId('settings-row').first()).toBeVisible() },
  ];

  for (const p of pages) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${env.app.url}${p.url}`);
    await p.ready();
    // The same sidebar and one header everywhere.
    const sidebar = page.getByTestId('sidebar');
    await expect(sidebar).toBeVisible();
    await expect(page.getByTestId('app-header')).toHaveCount(1);
    await expect(page.getByTestId('page-name')).toHaveText(p.title);
    await expect(sidebar.getByTestId('sidebar-workspace')).toHaveAttribute('data-path', workspace);
    for (const link of ['nav-pipelines', 'nav-benchmarks', 'nav-index', 'nav-settings']) await expect(sidebar.getByTestId(link)).toBeVisible();
    await expect(sidebar.getByTestId('sidebar-session')).toHaveCount(1);
    await expectNoSidewaysScroll(page);
    await shot(page, info, `${p.name}-1440`);

    // 900 px: the sidebar folds into a drawer the header's button opens.
    await page.setViewportSize({ width: 900, height: 800 });
    await expect(sidebar).toBeHidden();
    await expectNoSidewaysScroll(page);
    await shot(page, info, `${p.name}-900`);
    await page.getByTestId('sidebar-toggle').click();
    await expect(sidebar).toBeVisible();
    await expectNoSidewaysScroll(page);
    if (p.name === 'home') await shot(page, info, 'home-900-sidebar-open');
    if (p.name === 'session') {
      await page.keyboard.press('Escape'); // closes the drawer (the sidebar story checks a reply goes on)
      await expect(sidebar).toBeHidden();
      continue;
    }
    await page.getByTestId('sidebar-close').click();
    await expect(sidebar).toBeHidden();
  }

  // From the drawer, a link goes there and the drawer closes.
  await page.getByTestId('sidebar-toggle').click();
  await page.getByTestId('sidebar').getByTestId('nav-pipelines').click();
  await expect(page).toHaveURL(`${env.app.url}/pipelines`);
  await expect(page.getByTestId('sidebar')).toBeHidden();

  // Wide, the button folds the sidebar away and back, and the choice is kept.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('pipeline-item').first()).toBeVisible();
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await api.dispose();
});

test('home: the main action first; diagnostics in one line, details on click when all is well', async ({ page, env }) => {
  await page.goto(env.app.url);
  const status = page.getByTestId('status');
  await expect(page.getByTestId('status-line')).toContainText('Ollama');
  await expect(status).toHaveAttribute('data-problems', '0');
  await expect(page.getByTestId('status-details')).toBeHidden();
  await expect(page.getByTestId('workspace-input')).toBeVisible();
  await expect(page.getByTestId('new-session')).toBeVisible();
  await page.getByTestId('status-details-toggle').click();
  await expect(page.getByTestId('ollama-status')).toBeVisible();
  await expect(page.getByTestId('sandbox-status')).toContainText('bubblewrap works');
  await page.getByTestId('status-details-toggle').click();
  await expect(page.getByTestId('status-details')).toBeHidden();
});
