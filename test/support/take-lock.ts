// A separate process that tries to take a data folder's lock (test/lock.test.ts
// races several of these): it says "ready", takes the lock when it reads a
// line ("go", so all try at once), prints the outcome as one JSON line, and
// holds the lock until its stdin closes.
import { takeLock } from '../../lib/server/lock';

const [dataDir] = process.argv.slice(2);
let tried = false;
process.stdin.on('data', () => {
  if (tried) return;
  tried = true;
  const got = takeLock(dataDir!, { kind: 'server', port: 4321, url: 'http://127.0.0.1:4321' }, { releaseOnExit: true });
  process.stdout.write(`${JSON.stringify(got.ok ? { ok: true, pid: process.pid, tookOver: got.tookOver?.pid ?? null } : { ok: false, message: got.message })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdout.write('ready\n');
