// Pipeline mode as a user meets it, in Chromium against the built app: upload
// a requirement, watch the phases advance, queue and cancel a second run,
// and read the report.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { BIG, call, CLASSIFY, CRITERIA, FINDINGS, FIX, IMPLEMENT, PLAN, REQUIREMENT, REVISE, SMALL, SUMMARY } from '../test/pipeline/scripts';

test.beforeEach(({ env }) => {
  env.ollama.reset();
});

test('upload a requirement, watch the timeline, cancel a queued run, open the report', async ({ page, env, workspace }) => {
  const first = path.join(workspace, 'calc');
  const gate = path.join(first, 'go');
  // The Implementer's first command waits for a file the test creates: a window to act in, without timing.
  env.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA, FINDINGS, SUMMARY);
  env.ollama.script(BIG, call('run_shell', { command: 'echo waiting for the test; until [ -e go ]; do sleep 0.1; done; echo released' }), ...IMPLEMENT, ...REVISE, ...FIX);

  await page.goto(env.app.url);
  await page.getByTestId('nav-pipelines').click();
  await page.getByTestId('new-pipeline').click();
  await expect(page).toHaveURL(/\/pipelines\/new$/);

  // A non-UTF-8 file is refused with a reason; a good one fills the editor and the preview.
  await page.getByTestId('requirement-upload').setInputFiles({ name: 'latin1.md', mimeType: 'text/markdown', buffer: Buffer.from('# Caf\xe9\n', 'latin1') });
  await expect(page.getByTestId('requirement-error')).toContainText('latin1.md is not UTF-8 text');
  await page.getByTestId('requirement-upload').setInputFiles({ name: 'req.md', mimeType: 'text/markdown', buffer: Buffer.from(REQUIREMENT) });
  await expect(page.getByTestId('requirement-editor')).toHaveValue(REQUIREMENT);
  await expect(page.getByTestId('requirement-preview').locator('h1')).toHaveText('Calculator module');
  await page.getByTestId('workspace-mode-new').check();
  await page.getByTestId('new-folder-input').fill(first);
  await page.getByTestId('start-pipeline').click();
  await expect(page).toHaveURL(/\/pipelines\/[0-9a-f-]{36}$/);
  const firstUrl = page.url();

  // The timeline advances: the Architect's phases finish, the Implementer is at work.
  const phase = (name: string) => page.locator(`[data-testid="phase"][data-phase="${name}"]`);
  await expect(phase('classify')).toHaveAttribute('data-state', 'finished');
  await expect(phase('criteria')).toHaveAttribute('data-state', 'finished');
  await expect(phase('implement')).toHaveAttribute('data-state', 'running');
  await expect(phase('implement').getByTestId('terminal')).toContainText('waiting for the test');
  await expect(phase('review')).toHaveAttribute('data-state', 'pending');
  await expect(phase('classify')).toContainText('qwen2.5-coder:7b');
  await expect(phase('implement')).toContainText('qwen2.5-coder:14b');

  // A second pipeline on another folder waits in the queue; cancel it.
  await page.goto(`${env.app.url}/pipelines/new`);
  await page.getByTestId('requirement-editor').fill('# Second\n\nA greeting script.');
  await page.getByTestId('workspace-mode-new').check();
  await page.getByTestId('new-folder-input').fill(path.join(workspace, 'second'));
  await page.getByTestId('start-pipeline').click();
  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-status', 'queued');
  await page.getByTestId('pipeline-cancel').click();
  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('pipeline-resume')).toBeVisible();

  // Release the first run; it finishes while nobody watches.
  fs.writeFileSync(gate, '');
  await page.goto(`${env.app.url}/pipelines`);
  const items = page.getByTestId('pipeline-item');
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: 'Second' })).toHaveAttribute('data-status', 'cancelled');
  const calc = items.filter({ hasText: 'Calculator module' });
  await expect(calc).toHaveAttribute('data-status', 'finished', { timeout: 30_000 });

  // The report.
  await calc.getByRole('link', { name: 'Calculator module' }).click();
  await expect(page).toHaveURL(firstUrl);
  const report = page.getByTestId('pipeline-report');
  await expect(report).toHaveAttribute('data-verdict', 'passed');
  await expect(report.getByTestId('report-headline')).toHaveText('3 of 3 acceptance criteria passed in round 2.');
  const cells = report.getByTestId('matrix-cell');
  await expect(cells).toHaveCount(6);
  await expect(report.getByTestId('finding')).toContainText('div by zero');
  await expect(report.getByTestId('finding-state')).toHaveAttribute('data-state', 'revised');
  await expect(report.getByTestId('report-totals')).toContainText('Model calls');
  // The report can be rated like an answer.
  await page.getByTestId('feedback-up').click();
  await expect(page.getByTestId('feedback')).toHaveAttribute('data-rating', 'up');
  for (const p of ['classify', 'plan', 'criteria', 'implement', 'review', 'revise', 'test']) await expect(phase(p)).toHaveAttribute('data-state', 'finished');
  await expect(page.locator('[data-testid="written-file"][data-path="calc.py"]')).toBeVisible();
  // A JSON phase shows its result as the page renders it; the raw reply only on request.
  await phase('criteria').locator('summary').first().click();
  await expect(phase('criteria').getByTestId('phase-result')).toContainText('C3');
  await expect(phase('criteria').getByTestId('json-reply')).toHaveAttribute('data-done', 'true');
  await expect(phase('criteria').getByTestId('json-reply').locator('pre')).toBeHidden();
  expect(fs.readFileSync(path.join(first, 'calc.py'), 'utf8')).toContain('a * b');
  expect(fs.readdirSync(path.join(workspace, 'second'))).toEqual([]);
});

test('a run survives kill -9 of the server and resumes at its phase; uploads must be UTF-8', async ({ page, env, workspace, playwright }) => {
  // The app refuses state changes without its own Origin (CSRF): say it, as its pages do.
  const api = await playwright.request.newContext({ extraHTTPHeaders: { origin: env.app.url } });
  const file = (text: string, encoding: BufferEncoding = 'utf8') => ({ name: 'req.md', mimeType: 'text/markdown', buffer: Buffer.from(text, encoding) });
  const bad = await api.post(`${env.app.url}/api/pipelines`, { multipart: { file: file('# Caf\xe9\n', 'latin1'), path: workspace } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toBe('req.md is not UTF-8 text (invalid byte 0xe9 at offset 5). Save it as UTF-8 and try again.');

  env.ollama.script(SMALL, CLASSIFY, PLAN, CRITERIA);
  env.ollama.script(BIG, call('run_shell', { command: 'echo waiting for the test; until [ -e go ]; do sleep 0.1; done' }));
  const started = await api.post(`${env.app.url}/api/pipelines`, { multipart: { file: file(REQUIREMENT), path: workspace } });
  expect(started.status()).toBe(202);
  const { runId } = await started.json();
  await page.goto(`${env.app.url}/pipelines/${runId}`);
  const phase = (name: string) => page.locator(`[data-testid="phase"][data-phase="${name}"]`);
  await expect(phase('implement').getByTestId('terminal')).toContainText('waiting for the test');

  // kill -9 in the middle of Implement; the restarted server resumes there on its own.
  await env.app.kill();
  fs.writeFileSync(path.join(workspace, 'go'), ''); // ends the command the dead server left behind
  env.ollama.script(SMALL, FINDINGS, SUMMARY);
  env.ollama.script(BIG, ...IMPLEMENT, ...REVISE, ...FIX);
  await env.app.start();
  await page.goto(`${env.app.url}/pipelines/${runId}`);
  await expect(page.getByTestId('pipeline-status')).toHaveAttribute('data-status', 'finished', { timeout: 30_000 });
  await expect(page.getByTestId('report-headline')).toHaveText('3 of 3 acceptance criteria passed in round 2.');
  await expect(phase('implement').getByTestId('phase-attempt')).toHaveCount(2);
  await expect(phase('classify').getByTestId('phase-attempt')).toHaveCount(1);
  // Finished phases were not asked of the model again.
  const classify = env.ollama.chatRequests().filter((r) => r.messages[0].content.includes('Read the requirement document and decide'));
  expect(classify).toHaveLength(1);
  expect(env.ollama.pending()).toBe(0);
  await api.dispose();
});
