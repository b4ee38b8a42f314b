// Drives a command through a real pseudo-terminal: util-linux `script` runs
// it on a pty (so readline sees a terminal, and Ctrl-C is a key, not a
// signal) and relays our writes as keystrokes. No native module needed.
import { spawn, type ChildProcess } from 'node:child_process';

const ROOT = new URL('../..', import.meta.url).pathname;

/** ANSI sequences out (a line erased with CR + erase-line goes too), so tests read the text as a person sees it. */
export const plain = (s: string) => s.replace(/[^\n]*\r\x1b\[K/g, '').replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\x1b\][^\x07]*\x07/g, '').replace(/\r/g, '');

/** FORCE_COLOR (set by test runners) would override NO_COLOR, with a warning in the output. */
function withoutColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _f, ...rest } = env;
  return rest;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface Pty {
  child: ChildProcess;
  /** Everything the program wrote, raw. */
  raw(): string;
  /** The output with escape sequences removed. */
  text(): string;
  /** Output since the last mark(). */
  since(): string;
  mark(): void;
  type(keys: string): void;
  waitFor(what: RegExp | string, from?: 'all' | 'mark'): Promise<void>;
  exited: Promise<number | null>;
  /** Ends the program if it is still running (its pty hangs up: SIGHUP), and waits for it. */
  kill(): Promise<void>;
}

export function ptyRun(args: string[], env: Record<string, string>, timeoutMs = 30_000): Pty {
  const cmd = [`${ROOT}node_modules/.bin/tsx`, 'cli/ca.ts', ...args].map(quote).join(' ');
  // -e: script exits with the command's exit code; -q: no "Script started" banner.
  const child = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], {
    cwd: ROOT,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...withoutColor(process.env), CA_APP_ROOT: ROOT, TERM: 'xterm-256color', NO_COLOR: '1', ...env },
  });
  let out = '';
  let mark = 0;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    child,
    raw: () => out,
    text: () => plain(out),
    since: () => plain(out.slice(mark)),
    mark: () => void (mark = out.length),
    type: (keys) => void child.stdin!.write(keys),
    async waitFor(what, from = 'mark') {
      const deadline = Date.now() + timeoutMs;
      const seen = () => {
        const t = from === 'all' ? plain(out) : plain(out.slice(mark));
        return typeof what === 'string' ? t.includes(what) : what.test(t);
      };
      while (!seen()) {
        if (gone) throw new Error(`the program exited before printing ${String(what)}; it printed:\n${plain(out)}`);
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${String(what)}; the program printed:\n${plain(out)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exited,
    async kill() {
      if (gone) return;
      try {
        process.kill(-child.pid!, 'SIGTERM'); // script hangs up the pty: the program gets SIGHUP
      } catch {
        /* gone meanwhile */
      }
      await exited;
    },
  };
}
