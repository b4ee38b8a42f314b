// A hang guard for "no super-linear work" tests: the call runs in a child
// Node process that is killed (SIGKILL) when it does not finish in time. A
// catastrophic regex blocks its thread, so an in-process test timeout could
// never fire; a child can always be killed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Runs `expr` (TypeScript, with `mod` imported from `modulePath` under the
 * repository root) in a child process and returns what it printed, or
 * throws if it did not finish within `ms`.
 */
export function runGuarded(modulePath: string, expr: string, ms = 20_000): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-linear-'));
  const file = path.join(dir, 'probe.ts');
  fs.writeFileSync(file, `import * as mod from ${JSON.stringify(path.join(ROOT, modulePath))};\nconst out = (${expr});\nconsole.log(JSON.stringify(out));\n`);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, timeout: ms, killSignal: 'SIGKILL', encoding: 'utf8' });
    if (r.error || r.signal) throw new Error(`did not finish within ${ms} ms (${r.signal ?? r.error?.message}): super-linear work on the input`);
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return r.stdout.trim();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Best of `n` timings of `fn` in ms (the minimum is robust against a busy machine). */
export function bestOf(n: number, fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}
