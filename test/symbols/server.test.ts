// The running server's side: an index run with progress events over the event
// log, files written by tools re-indexed at once, the map for the prompt.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { activeWorkspace } from '../../lib/sessions/workspaces';
import { findSymbols, indexStatus, onFilesChanged, startSymbolIndexRun, symbolMapForPrompt } from '../../lib/symbols/index';
import { testApp, type TestApp } from '../support/test-app';
import { MIXED, writeFiles } from './fixtures';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('server integration', () => {
  test('an index run streams progress and finishes with a summary; a second start joins it', async () => {
    t = await testApp();
    writeFiles(t.workspace, MIXED);
    const ws = activeWorkspace(t.app.db)!;
    const runId = startSymbolIndexRun(t.app, ws);
    expect(startSymbolIndexRun(t.app, ws)).toBe(runId);
    await t.app.runs.wait(runId);
    const events = t.events(runId);
    expect(events.some((e) => e.type === 'progress')).toBe(true);
    const done = events.find((e) => e.type === 'run_finished');
    expect(done && 'summary' in done && done.summary).toMatch(/^Indexed 7 files, \d+ symbols \(Rust 3, /);
    const status = indexStatus(t.app, ws);
    expect(status.running).toBe(false);
    expect(status.last?.files).toBe(7);
  });

  test('the config caps the walk (index_max_files, index_max_file_bytes) and the run says so', async () => {
    t = await testApp({ CA_INDEX_MAX_FILES: '3', CA_INDEX_MAX_FILE_BYTES: '2048' });
    writeFiles(t.workspace, { ...MIXED, 'big.py': `X = 1\n${'# filler\n'.repeat(400)}` });
    const ws = activeWorkspace(t.app.db)!;
    const runId = startSymbolIndexRun(t.app, ws);
    await t.app.runs.wait(runId);
    const last = indexStatus(t.app, ws).last!;
    expect(last.files).toBe(3);
    expect(last.skipped.overLimit).toBe(true);
    expect(last.skipped.tooLarge).toBeGreaterThanOrEqual(1);
  });

  test('onFilesChanged re-indexes what a tool wrote; symbolMapForPrompt indexes first and catches up with outside edits', async () => {
    t = await testApp();
    writeFiles(t.workspace, MIXED);
    const ws = activeWorkspace(t.app.db)!;
    const map = await symbolMapForPrompt(t.app, ws, { tokens: 300 });
    expect(map.text.split('\n')[0]).toBe('# Symbol Map [Rust: 3 · TypeScript: 2 · Python: 1 · JavaScript: 1]');
    expect(map.tokens).toBeLessThanOrEqual(300);

    fs.writeFileSync(path.join(t.workspace, 'src-tauri/src/nslookup.rs'), 'pub fn nslookup(host: &str) -> String {\n    host.to_string()\n}\n');
    const r = await onFilesChanged(t.app, ws, ['src-tauri/src/nslookup.rs']);
    expect(r?.updated).toEqual(['src-tauri/src/nslookup.rs']);
    expect(findSymbols(t.app.db, ws.id, { name: 'nslookup' }).hits[0]).toMatchObject({ path: 'src-tauri/src/nslookup.rs', line: 1 });
    expect((await symbolMapForPrompt(t.app, ws, { tokens: 0 })).text).toBe('');

    // Edited outside the tools (the user's editor): the next prompt's map catches up.
    fs.appendFileSync(path.join(t.workspace, 'scripts/models.py'), '\n\ndef edited_by_user():\n    pass\n');
    const again = await symbolMapForPrompt(t.app, ws, { tokens: 2000, mentioned: ['models.py'] });
    expect(again.text).toContain('edited_by_user(...) :21');
  });
});
