#!/usr/bin/env node
// `npm test`: unit and integration tests (vitest), then the built app in
// Chromium (Playwright). Ends with one line of totals for every suite.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildIfStale, ROOT } from './build-if-stale.mjs';

const OUT = path.join(ROOT, 'test-results');
fs.mkdirSync(OUT, { recursive: true });
const bin = (n) => path.join(ROOT, 'node_modules', '.bin', n);
const run = (cmd, args, env = {}) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } }).status;
const readJson = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return null; } };

const totals = { passed: 0, failed: 0, skipped: 0 };
const extra = process.argv.slice(2);
const only = extra.includes('--unit') ? 'unit' : extra.includes('--e2e') ? 'e2e' : null;

if (only !== 'e2e') {
  // Import cycles make the wiring hard to change: none allowed (type-only imports count too).
  console.log('Checking for import cycles (madge)...');
  const cycles = run(bin('madge'), ['--circular', '--no-spinner', '--extensions', 'ts,tsx', '--ts-config', 'tsconfig.json', 'lib', 'app', 'components', 'cli']);
  if (cycles === 0) totals.passed += 1;
  else totals.failed += 1;

  const file = path.join(OUT, 'vitest.json');
  fs.rmSync(file, { force: true });
  const code = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  const r = readJson(file);
  if (r) {
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    // A suite that failed to load counts as a failure even with no test inside.
    totals.failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
  } else if (code !== 0) totals.failed += 1;
}

if (only !== 'unit') {
  try {
    buildIfStale({ quiet: true });
    const file = path.join(OUT, 'playwright.json');
    fs.rmSync(file, { force: true });
    const code = run(bin('playwright'), ['test', '-c', 'playwright/playwright.config.ts'], { PLAYWRIGHT_JSON_OUTPUT_NAME: file });
    const r = readJson(file);
    if (r?.stats) {
      totals.passed += r.stats.expected;
      totals.failed += r.stats.unexpected;
      totals.skipped += r.stats.skipped;
    } else if (code !== 0) totals.failed += 1;
  } catch (e) {
    console.error(e.message);
    totals.failed += 1;
  }
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
