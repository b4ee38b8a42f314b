// `ca pipeline` and `ca quick` when a server holds the data folder: the same
// work, asked of that server over HTTP (its own routes), followed over SSE,
// printed as the in-process commands print it, with the same exit codes.
import fs from 'node:fs';
import { AppRequestError, appJson, appRequest } from '../lib/http/client';
import type { PipelineReport } from '../lib/pipeline/types';
import { TERMINAL_EVENT_TYPES, type RunEvent } from '../lib/runs/events';
import type { Io, RemoteServer } from './io';
import { formatReport, progressLine } from './print';
import { sseBlocks } from './sse';

export async function runPipelineRemote(server: RemoteServer, requirement: string, workspace: string, io: Io): Promise<number> {
  let runId: string;
  try {
    ({ runId } = await appJson<{ runId: string }>(server.url, '/api/pipelines', { json: { requirement, path: workspace } }));
  } catch (e) {
    if (e instanceof AppRequestError && e.status === 400) {
      io.err(serverError(e));
      return 2;
    }
    throw unreachable(server, e);
  }
  io.out(`pipeline run ${runId}`);
  let report: PipelineReport | null = null;
  const onSigint = () => {
    io.err('\nCancelling (the model request and any running command are stopped)…');
    appRequest(server.url, `/api/pipelines/${encodeURIComponent(runId)}/cancel`, { method: 'POST', json: {} }).catch(() => {});
  };
  process.once('SIGINT', onSigint);
  let ended: RunEvent | null;
  try {
    ended = await followRun(server, runId, (e) => {
      if (e.type === 'report') report = e.report;
      const line = progressLine(e);
      if (line !== null) io.out(line);
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (!ended) {
    io.err(lostMessage(server, `${server.url}/pipelines/${runId}`));
    return 1;
  }
  const r = report as PipelineReport | null;
  if (r) io.out(formatReport(r));
  if (ended.type === 'run_cancelled') return 130;
  return ended.type === 'run_finished' && r?.verdict === 'passed' ? 0 : 1;
}

/**
 * A quick question as a quick turn in a session: of the workspace the user is
 * in if the server knows it, else of the server's active workspace, else of
 * the current folder (added as a workspace).
 */
export async function runQuickRemote(server: RemoteServer, question: string, io: Io & { write: (text: string) => void }): Promise<number> {
  let runId: string;
  try {
    const workspaceId = await pickWorkspace(server, io.cwd);
    const { session } = await appJson<{ session: { id: string } }>(server.url, '/api/sessions', { json: { workspaceId } });
    ({ runId } = await appJson<{ runId: string }>(server.url, `/api/sessions/${encodeURIComponent(session.id)}/turns`, { json: { text: question, quick: true } }));
  } catch (e) {
    if (e instanceof AppRequestError && e.status < 500) {
      io.err(serverError(e));
      return 2;
    }
    throw unreachable(server, e);
  }
  const onSigint = () => {
    appRequest(server.url, `/api/runs/${encodeURIComponent(runId)}/cancel`, { method: 'POST', json: {} }).catch(() => {});
  };
  process.once('SIGINT', onSigint);
  let ended: RunEvent | null;
  try {
    ended = await followRun(server, runId, (e) => {
      if (e.type === 'message_delta') io.write(e.text);
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  io.write('\n');
  if (!ended) {
    io.err(lostMessage(server, server.url));
    return 1;
  }
  if (ended.type === 'run_failed') {
    io.err(ended.error);
    return 1;
  }
  if (ended.type === 'run_cancelled') return 130;
  return ended.type === 'run_finished' ? 0 : 1;
}

async function pickWorkspace(server: RemoteServer, cwd: string): Promise<string> {
  const { workspaces, active } = await appJson<{ workspaces: { id: string; path: string }[]; active: string | null }>(server.url, '/api/workspaces');
  const here = realpath(cwd);
  const known = workspaces.find((w) => realpath(w.path) === here);
  if (known) return known.id;
  if (active) return active;
  const { workspace } = await appJson<{ workspace: { id: string } }>(server.url, '/api/workspaces', { json: { path: here } });
  return workspace.id;
}

/**
 * Follows a run's events until it ends. Replays from the start (SSE
 * Last-Event-ID semantics), so nothing emitted before we connected is missed.
 * Returns the terminal event, or null when the connection broke first.
 */
export async function followRun(server: RemoteServer, runId: string, onEvent: (e: RunEvent) => void): Promise<RunEvent | null> {
  const ctl = new AbortController();
  let res: Response;
  try {
    res = await appRequest(server.url, `/api/runs/${encodeURIComponent(runId)}/events`, { signal: ctl.signal, headers: { Accept: 'text/event-stream' } });
  } catch {
    return null;
  }
  if (!res.ok || !res.body) return null;
  try {
    for await (const block of sseBlocks(res.body as unknown as AsyncIterable<Uint8Array>)) {
      if (block.event !== 'message') continue; // `end`: the run is over (its terminal event came first)
      const e = JSON.parse(block.data) as RunEvent;
      onEvent(e);
      if (TERMINAL_EVENT_TYPES.has(e.type)) return e;
    }
  } catch {
    /* the server went away mid-stream */
  } finally {
    ctl.abort();
  }
  return null;
}

function realpath(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The server's own error sentence, when it sent one. */
export function serverError(e: AppRequestError): string {
  const msg = (e.body as { error?: string } | null)?.error;
  return typeof msg === 'string' ? msg : e.message;
}

/** What to say when the server holding the data folder cannot be reached, or answered with an error. */
export function unreachable(server: RemoteServer, e: unknown): Error {
  if (e instanceof AppRequestError) return new Error(`The code-assistant server at ${server.url} (pid ${server.pid}) answered: ${e.message}`);
  const why = e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e);
  return new Error(`Cannot reach the code-assistant server at ${server.url} (pid ${server.pid}), which holds this data folder: ${why}. Check that it is running, or stop it to run in this terminal.`);
}

function lostMessage(server: RemoteServer, where: string): string {
  return `Lost the connection to the code-assistant server at ${server.url} (pid ${server.pid}) before the run ended; it goes on there: open ${where}`;
}
