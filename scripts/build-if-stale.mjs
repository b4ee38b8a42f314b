// Builds the Next app when there is no build or a source file is newer than
// it, so `npm run start` works on a fresh clone and after a `git pull`.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['app', 'components', 'lib', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'package.json', 'postcss.config.mjs'];

function newest(p) {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

export function buildIsStale() {
  const id = fs.statSync(path.join(ROOT, process.env.CA_DIST_DIR || '.next', 'BUILD_ID'), { throwIfNoEntry: false });
  if (!id) return 'no build yet';
  const src = Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))));
  return src > id.mtimeMs ? 'sources changed since the last build' : null;
}

export function buildIfStale({ quiet = false } = {}) {
  const why = buildIsStale();
  if (!why) return;
  console.log(`Building the app (${why}); this takes about a minute the first time...`);
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: ROOT,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error('next build failed (output above).');
  }
}

export { ROOT };
