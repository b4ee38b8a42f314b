// Code intelligence reaching a chat turn: the Symbol Map in the system prompt,
// `/index` then retrieved chunks before a request, and files a tool writes
// being found at once. Real grammars, a real Chroma server, scripted Ollama.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTurn } from '../lib/agents/chat';
import { startChromaServer, type ChromaServer } from '../lib/rag/chroma-server';
import { findSymbols } from '../lib/symbols';
import { call, intent, say, testApp } from './support/test-app';

const SMALL = 'qwen2.5-coder:7b';
const BIG = 'qwen2.5-coder:14b';

describe('Symbol Map in the prompt', () => {
  it('puts the workspace outline into the implementer system prompt, without starting Chroma', async () => {
    const t = await testApp();
    try {
      fs.mkdirSync(path.join(t.workspace, 'src'));
      fs.writeFileSync(path.join(t.workspace, 'src/state.rs'), 'pub struct TerminalState {\n    rows: u16,\n}\n\nimpl TerminalState {\n    pub fn new() -> Self { TerminalState { rows: 0 } }\n    pub fn reset(&mut self) {}\n}\n');
      t.ollama.script(SMALL, intent('implementation'));
      t.ollama.script(
        BIG,
        call('write_file', { path: 'src/util.py', content: 'def helper_function():\n    return 1\n' }),
        say('done'),
      );
      const runId = startTurn(t.app, t.sessionId, 'add a reset counter to TerminalState');
      await t.app.runs.wait(runId);
      const req = t.ollama.chatRequests().find((r) => r.model === BIG);
      const system = req.messages[0].content as string;
      expect(system).toContain('# Symbol Map [Rust: 1]');
      expect(system).toMatch(/impl TerminalState → \[new, reset\]/);
      expect(fs.existsSync(path.join(t.home, 'data', 'chroma'))).toBe(false);
      // The file the tool wrote was re-indexed at once.
      await waitFor(() => findSymbols(t.app.db, t.sessionWorkspaceId(), { name: 'helper_function' }).hits.length === 1);
    } finally {
      await t.close();
    }
  });
});

describe('retrieval in the prompt', () => {
  let chroma: ChromaServer;
  beforeAll(async () => {
    chroma = await startChromaServer({ dataPath: fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'ca-chroma-')) });
  }, 60_000);
  afterAll(async () => {
    await chroma?.stop();
  });

  it('/index embeds the workspace; the next request carries the matching chunk and shows it as context used', async () => {
    const t = await testApp({ CA_CHROMA_URL: chroma.url });
    try {
      fs.writeFileSync(path.join(t.workspace, 'calc.py'), 'def divide(a, b):\n    """divide two numbers, refusing zero"""\n    if b == 0:\n        raise ZeroDivisionError("division by zero")\n    return a / b\n');
      fs.writeFileSync(path.join(t.workspace, 'greet.py'), 'def greet(name):\n    return "hello " + name\n');
      const idx = startTurn(t.app, t.sessionId, '/index .');
      await t.app.runs.wait(idx);
      expect(t.events(idx).at(-1)?.type).toBe('run_finished');

      t.ollama.script(SMALL, intent('implementation'));
      t.ollama.script(BIG, say('It raises ZeroDivisionError.'));
      const runId = startTurn(t.app, t.sessionId, 'what does divide do with zero numbers in the divide function?');
      await t.app.runs.wait(runId);
      const used = t.events(runId).find((e) => e.type === 'context_used');
      expect(used?.type === 'context_used' && used.items[0].path).toBe('calc.py');
      const req = t.ollama.chatRequests().find((r) => r.model === BIG);
      expect(req.messages.at(-1).content).toContain('raise ZeroDivisionError');
      // History keeps the user's words, not the injected context.
      const stored = t.app.db.$client.prepare("SELECT content FROM messages WHERE run_id = ? AND role = 'user'").get(runId) as { content: string };
      expect(stored.content).toBe('what does divide do with zero numbers in the divide function?');
    } finally {
      await t.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
