// Starts the built app (`next start`) as a real child process on a free
// loopback port with its own data folder and HOME, for end-to-end tests and
// benchmarks. Kills the whole process group on stop: no orphans.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

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

export interface AppServerOptions {
  ollamaUrl: string;
  env?: Record<string, string>;
  dataDir?: string;
  home?: string;
}

export class AppServer {
  url = '';
  port = 0;
  readonly dataDir: string;
  readonly home: string;
  log = '';
  private child: ChildProcess | null = null;

  constructor(private opts: AppServerOptions) {
    this.home = opts.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ca-home-'));
    this.dataDir = opts.dataDir ?? path.join(this.home, 'data');
  }

  async start(): Promise<string> {
    if (!this.port) this.port = await freePort();
    this.url = `http://127.0.0.1:${this.port}`;
    this.log = '';
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-H', '127.0.0.1', '-p', String(this.port)], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HOME: this.home,
        CA_DATA_DIR: this.dataDir,
        CA_APP_ROOT: ROOT,
        OLLAMA_HOST: this.opts.ollamaUrl,
        NEXT_TELEMETRY_DISABLED: '1',
        ...this.opts.env,
      },
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.log += d));
    child.stderr!.on('data', (d) => (this.log += d));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`app exited early:\n${this.log}`);
      try {
        const r = await fetch(`${this.url}/api/status`);
        if (r.ok) return this.url;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`app did not answer within 60 s:\n${this.log}`);
  }

  /** SIGKILL the whole group: what a crash or `kill -9` does. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
    await exited;
    this.child = null;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
  }

  async restart(): Promise<string> {
    await this.kill('SIGKILL');
    return this.start();
  }
}
