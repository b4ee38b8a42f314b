// The Chroma server that ships in node_modules, run as our child process when
// no chroma_url is configured. Spawned directly (not through npx, which leaves
// the real server orphaned), detached into its own process group so stopping
// kills everything it started. It exits by itself when the app dies, however
// it dies (chroma-watchdog.mjs), and a pid file lets the next start stop a
// server left behind anyway (one not started through Node).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRoot } from '../app-root';
import { RagError } from './types';

export interface ChromaServer {
  url: string;
  pid: number;
  dataPath: string;
  /** False once the process has exited (crashed or stopped). */
  alive(): boolean;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder for Chroma's files (<dataDir>/chroma). */
  dataPath: string;
  /** Default: a free loopback port. */
  port?: number;
  /** Default: node_modules/.bin/chroma under the app root. */
  bin?: string;
  timeoutMs?: number;
}

const READY_TIMEOUT_MS = 30_000;
const PID_FILE = 'server.pid';

export function defaultChromaBin(): string {
  return path.join(appRoot(), 'node_modules', '.bin', 'chroma');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function heartbeat(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A server from an earlier app process that died without stopping it: only if it is really ours. */
function stopLeftover(dataPath: string): void {
  const file = path.join(dataPath, PID_FILE);
  let pid: number;
  try {
    pid = Number(fs.readFileSync(file, 'utf8').trim());
  } catch {
    return;
  }
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (pid > 1 && cmd.some((a) => a.includes('chroma')) && cmd.includes(dataPath)) process.kill(-pid, 'SIGKILL');
  } catch {
    // gone already, or not ours to judge
  }
  fs.rmSync(file, { force: true });
}

/** The last lines Chroma printed, minus its ASCII-art banner. */
function tail(output: string): string {
  return output
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((l) => l && !/^[(#\s]+$/.test(l))
    .slice(-4)
    .join(' | ');
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

export async function startChromaServer(opts: StartOptions): Promise<ChromaServer> {
  const bin = opts.bin ?? defaultChromaBin();
  const dataPath = path.resolve(opts.dataPath);
  fs.mkdirSync(dataPath, { recursive: true });
  stopLeftover(dataPath);
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  // turbopackIgnore: the binary is found at run time; tracing it would pull the whole project into the build.
  if (!fs.existsSync(/*turbopackIgnore: true*/ bin)) {
    throw new RagError('chroma_unavailable', `Chroma could not start: ${bin} does not exist (is the chromadb package installed? run npm install).`);
  }
  // The .bin entry is a Node script: run it with our own Node so PATH does not
  // matter, and with the watchdog that ends it when its stdin (our pipe) closes.
  const real = fs.realpathSync(/*turbopackIgnore: true*/ bin);
  const watchdog = pathToFileURL(path.join(appRoot(), 'lib', 'rag', 'chroma-watchdog.mjs')).href;
  const [cmd, args] = /\.[cm]?js$/.test(real) ? [process.execPath, ['--import', watchdog, real]] : [real, []];
  const child = spawn(cmd, [...args, 'run', '--path', dataPath, '--host', '127.0.0.1', '--port', String(port)], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ANONYMIZED_TELEMETRY: 'False' },
  });
  let output = '';
  const collect = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-8000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: string | null = null;
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exited = err.message;
      resolve();
    });
  });
  if (child.pid) fs.writeFileSync(path.join(dataPath, PID_FILE), String(child.pid));
  // A last resort: a process.exit() of the app takes the server with it.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (!exited) {
      killGroup(child, 'SIGTERM');
      await Promise.race([exitedP, sleep(5000)]);
      if (!exited) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exitedP, sleep(2000)]);
      }
    }
    fs.rmSync(path.join(dataPath, PID_FILE), { force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? READY_TIMEOUT_MS);
  while (Date.now() < deadline) {
    if (exited) break;
    if (await heartbeat(url, 500)) {
      // Something else may answer on a port that was taken: it must be our child, alive.
      if (!exited && child.pid && alive(child.pid)) return { url, pid: child.pid, dataPath, stop, alive: () => !exited };
    }
    await sleep(100);
  }
  await stop();
  const why = tail(output);
  const reason = exited ? `it stopped (${exited})` : `it did not answer within ${Math.round((opts.timeoutMs ?? READY_TIMEOUT_MS) / 1000)} s`;
  throw new RagError('chroma_unavailable', `Chroma could not start on 127.0.0.1:${port}: ${reason}${why ? `: ${why}` : ''}.`);
}
