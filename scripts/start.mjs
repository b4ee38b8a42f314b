#!/usr/bin/env node
// `npm run start [-- --port N] [-- --host H]`: build if needed, then serve on
// 127.0.0.1. Flags are strict: a misspelt flag is an error, never a guess.
// One server per data folder: the server takes the lock itself (instrumentation.ts);
// this script only reads it, to say so before a build.
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildIfStale, ROOT } from './build-if-stale.mjs';
import { dataDirFor } from './data-dir.mjs';
import { heldMessage, isAlive, lockPath, readLock, unreadableMessage } from '../lib/server/lock-file.mjs';

const HELP = `Usage: npm run start -- [--port N] [--host ADDRESS]
  --port N        port to listen on (default 3000, or $PORT)
  --host ADDRESS  address to bind (default 127.0.0.1; anything else exposes your shell to the network)`;

function parseArgs(argv) {
  const out = { port: process.env.PORT ?? '3000', host: process.env.CA_BIND ?? '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') ? a.split(/=(.*)/s, 2) : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--port' || flag === '-p') out.port = value();
    else if (flag === '--host' || flag === '-H') out.host = value();
    else if (flag === '--help' || flag === '-h') { console.log(HELP); process.exit(0); }
    else {
      const hint = /^-[a-z]{3,}/.test(flag) ? ` (did you mean -${flag}?)` : '';
      console.error(`Unknown option ${a}${hint}\n${HELP}`);
      process.exit(2);
    }
  }
  if (!/^\d+$/.test(String(out.port)) || +out.port < 1 || +out.port > 65535) {
    console.error(`--port must be a number from 1 to 65535, not "${out.port}".`);
    process.exit(2);
  }
  return out;
}

function portFree(host, port) {
  return new Promise((resolve) => {
    const s = net.createServer().once('error', () => resolve(false)).once('listening', () => s.close(() => resolve(true)));
    s.listen(port, host);
  });
}

const { port, host } = parseArgs(process.argv.slice(2));
const dataDir = dataDirFor();
const lock = readLock(lockPath(dataDir));
if (lock.state === 'unreadable') {
  console.error(unreadableMessage(lockPath(dataDir), lock.error));
  process.exit(1);
}
if (lock.state === 'held' && isAlive(lock.holder)) {
  console.error(heldMessage(lock.holder, dataDir));
  process.exit(1);
}
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
  console.warn(`WARNING: binding ${host}. Anyone who can reach this address can run commands on this machine.`);
}
if (!(await portFree(host, Number(port)))) {
  console.error(`Port ${port} on ${host} is already in use. Start on another one: npm run start -- --port ${Number(port) + 1}`);
  process.exit(1);
}
try {
  buildIfStale();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-H', host, '-p', String(port)], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, CA_APP_ROOT: ROOT, NEXT_TELEMETRY_DISABLED: '1' },
});
let announced = false;
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  if (!announced && /Ready|started server/i.test(String(d))) {
    announced = true;
    announceWhenServing();
  }
});

// "Ready" is printed when the port listens, before the server has taken the
// data folder's lock: say "running" only once it answers.
async function announceWhenServing() {
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}`;
  const connectTo = ['0.0.0.0', '::'].includes(host) ? `http://127.0.0.1:${port}` : url;
  while (child.exitCode === null) {
    try {
      if ((await fetch(`${connectTo}/api/status`)).ok) {
        console.log(`\n  code-assistant is running: open ${url}\n`);
        return;
      }
    } catch {
      /* not answering yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
