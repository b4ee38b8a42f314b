// Runs a command with a hard timeout, killing its whole process group: a
// generated project whose tests hang must not hang the benchmark.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const CAP = 200_000;

export function runProc(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; input?: string }): Promise<ProcResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < CAP) stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < CAP) stderr += d.toString(); });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    }, opts.timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, stdout, stderr: stderr + String(e), timedOut }); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, timedOut }); });
    // A child that exits before reading its stdin must not crash us with EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** Debian's python3 carries the apt-installed pytest/fastapi; a pyenv shim may not. */
export function pythonBin(): string {
  if (process.env.BENCH_PYTHON) return process.env.BENCH_PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Python modules each requirement's acceptance suite needs. */
export const REQ_MODULES: Record<string, string[]> = {
  req_01: ['pytest'],
  req_02: ['pytest', 'fastapi', 'httpx', 'uvicorn'],
  req_03: ['pytest'],
};

export const APT_LINE = 'apt-get install -y python3-pytest python3-fastapi python3-httpx python3-uvicorn';

/** Missing modules for a requirement, or [] when all import. */
export async function missingModules(req: string): Promise<string[]> {
  const mods = REQ_MODULES[req] ?? ['pytest'];
  const missing: string[] = [];
  for (const m of mods) {
    const r = await runProc(pythonBin(), ['-c', `import ${m}`], { cwd: process.cwd(), timeoutMs: 30_000 });
    if (r.code !== 0) missing.push(m);
  }
  return missing;
}
