// Real temporary workspaces and tool contexts for the tool tests.
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { ToolContext, ToolSettings } from '../../lib/tools/types';

const made: string[] = [];

afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => fs.rm(d, { recursive: true, force: true })));
});

/** A fresh temp folder (real path), removed after the test. */
export async function tempDir(prefix = 'ca-tools-'): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** A temp workspace holding `files` (path -> content). */
export async function makeWorkspace(files: Record<string, string | Buffer> = {}): Promise<string> {
  const ws = await tempDir('ca-ws-');
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(ws, rel)), { recursive: true });
    await fs.writeFile(path.join(ws, rel), content);
  }
  return ws;
}

export const defaultSettings: ToolSettings = {
  shellPolicy: 'auto',
  shellDenyPatterns: [],
  shellTimeoutSeconds: 30,
  resultTokens: 1000,
  maxReadBytes: 2_000_000,
};

export function makeCtx(workspace: string, over: Partial<ToolSettings> & Partial<Pick<ToolContext, 'signal' | 'output' | 'approve'>> = {}): ToolContext {
  const { signal, output, approve, ...settings } = over;
  return {
    workspace,
    signal: signal ?? new AbortController().signal,
    settings: { ...defaultSettings, ...settings },
    callId: 'call-test',
    output,
    approve,
  };
}

/** True while `pid` is a live process (a zombie awaiting its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export const read = (ws: string, rel: string) => fs.readFile(path.join(ws, rel), 'utf8');
export const exists = (ws: string, rel: string) => fs.access(path.join(ws, rel)).then(() => true, () => false);
