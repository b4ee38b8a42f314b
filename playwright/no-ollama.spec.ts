// With no Ollama running the app still starts and says so plainly.
import { test, expect } from '@playwright/test';
import { AppServer, freePort } from '../test/support/app-server';

test('home says Ollama is not reachable and what to do', async ({ page }) => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const app = new AppServer({ ollamaUrl: closed });
  await app.start();
  try {
    await page.goto(app.url);
    await expect(page.getByTestId('ollama-status')).toContainText(/not reachable/i);
    await expect(page.getByTestId('ollama-status')).toContainText('ollama serve');
  } finally {
    await app.stop();
  }
});
