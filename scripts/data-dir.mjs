// The data folder, for plain-node scripts that run before the app is built
// (scripts/start.mjs reads its lock file). The same answer as the app's
// loadConfig().dataDir: CA_DATA_DIR, else data_dir in the machine config,
// else ~/.code-assistant. test/lock.test.ts holds the two to the same answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';

/**
 * @param {Record<string, string | undefined>} [env]
 * @param {string} [homeDir]
 */
export function dataDirFor(env = process.env, homeDir = os.homedir()) {
  let value = '~/.code-assistant';
  try {
    const t = parse(fs.readFileSync(path.join(homeDir, '.code-assistant', 'config.toml'), 'utf8'));
    if (typeof t.data_dir === 'string' && t.data_dir.length > 0) value = t.data_dir;
  } catch {
    // Missing or malformed: the app falls back to the default too (and says why on its pages).
  }
  const fromEnv = env.CA_DATA_DIR?.trim();
  if (fromEnv) value = fromEnv;
  if (value === '~') value = homeDir;
  else if (value.startsWith('~/') || value.startsWith('~\\')) value = path.join(homeDir, value.slice(2));
  return path.resolve(value);
}
