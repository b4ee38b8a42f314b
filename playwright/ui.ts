// What a user does on the way to a test's point: open a folder, start a
// session, send a message. Shared by the specs so each reads as its story.
import { expect, type Page } from '@playwright/test';
import { intent as reply } from '../test/pipeline/scripts';

export async function openWorkspace(page: Page, appUrl: string, workspace: string) {
  await page.goto(appUrl);
  await page.getByTestId('workspace-input').fill(workspace);
  await page.getByTestId('workspace-open').click();
  await expect(page.getByTestId('active-workspace')).toContainText(workspace);
}

export async function openSession(page: Page, appUrl: string, workspace: string) {
  await openWorkspace(page, appUrl, workspace);
  await page.getByTestId('new-session').click();
  await expect(page).toHaveURL(/\/sessions\//);
  await expect(page.getByTestId('chat-input')).toBeVisible();
}

export async function send(page: Page, text: string) {
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-input').press('Enter');
}

/**
 * The Architect's classification reply, scripted on each of these models and
 * answering only the classification request: with one model resident, the
 * Architect classifies on the Implementer's model when that is the one loaded
 * (lib/agents/chat.ts), so which model is asked depends on the tests before.
 */
export function scriptIntent(ollama: { script(model: string, ...replies: object[]): unknown }, models: string[], intent: string) {
  const isClassify = (req: { messages?: { content?: string }[] }) => (req.messages?.[0]?.content ?? '').includes("Classify the user's latest request");
  for (const m of models) ollama.script(m, { ...reply(intent), match: isClassify });
}
