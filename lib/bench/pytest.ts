// Runs pytest and reads its summary: the hidden acceptance suite against a
// generated workspace, and the workspace's own tests afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appRoot } from '../app-root';
import { pythonBin, runProc } from './proc';

export interface PytestFigures {
  passed: number;
  failed: number;
  errors: number;
  total: number;
  timedOut: boolean;
  /** The import/collection error when the suite could not load the generated code. */
  importError?: string;
  output: string;
}

export function acceptanceDir(req: string): string {
  return path.join(appRoot(), 'benchmarks', 'acceptance', req);
}

export function requirementPath(req: string): string {
  return path.join(appRoot(), 'benchmarks', 'requirements', `${req}.md`);
}

export function listRequirements(): string[] {
  const dir = path.join(appRoot(), 'benchmarks', 'requirements');
  return fs.readdirSync(dir).filter((f) => /^req_\d+\.md$/.test(f)).map((f) => f.slice(0, -3)).sort();
}

/** Counts from pytest's final summary line ("2 failed, 15 passed in 0.8s"). */
export function parseSummary(text: string): { passed: number; failed: number; errors: number } {
  const lines = text.trim().split('\n').reverse();
  const line = lines.find((l) => /\b(passed|failed|error|errors|no tests ran)\b/.test(l) && /\bin [\d.]+s\b/.test(l)) ?? '';
  const n = (re: RegExp) => Number(line.match(re)?.[1] ?? 0);
  return { passed: n(/(\d+) passed/), failed: n(/(\d+) failed/), errors: n(/(\d+) errors?\b/) };
}

function importErrorOf(text: string): string | undefined {
  const m = text.match(/^E\s+((?:ModuleNotFoundError|ImportError|SyntaxError|NameError)[^\n]*)/m) ?? text.match(/^((?:ModuleNotFoundError|ImportError)[^\n]*)/m);
  return m?.[1];
}

async function pytest(args: string[], cwd: string, env: Record<string, string>, timeoutMs: number): Promise<PytestFigures> {
  const r = await runProc(pythonBin(), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-rfE', ...args], { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env }, timeoutMs });
  const output = (r.stdout + (r.stderr ? `\n${r.stderr}` : '')).slice(-20_000);
  const c = parseSummary(r.stdout);
  const importError = c.passed === 0 && c.errors > 0 ? importErrorOf(r.stdout) : undefined;
  return { ...c, total: c.passed + c.failed + c.errors, timedOut: r.timedOut, output, ...(importError ? { importError } : {}) };
}

/** The hidden suite for `req` against the code in `workspace`. */
export async function runAcceptance(req: string, workspace: string, timeoutMs = 120_000): Promise<PytestFigures> {
  // A scratch cwd, so a module-level SQLite file or log never lands in the suite or the workspace.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-acc-'));
  try {
    return await pytest([acceptanceDir(req)], scratch, { BENCH_WORKSPACE: workspace, TODO_DB: path.join(scratch, 'todos.db') }, timeoutMs);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The generated project's own tests, collected from its workspace. */
export async function runOwnTests(workspace: string, timeoutMs = 120_000): Promise<PytestFigures> {
  return pytest([], workspace, { TODO_DB: path.join(os.tmpdir(), `bench-own-${process.pid}.db`) }, timeoutMs);
}
