// `ca pipeline`: the same engine as the server, in this process (or on the
// running server, cli/remote.ts). Prints progress and the report; the exit
// code says whether every criterion passed.
import fs from 'node:fs';
import path from 'node:path';
import { checkRequirementBytes, checkWritableFolder } from '../lib/pipeline/input';
import { PipelineInputError, startPipeline } from '../lib/pipeline/start';
import { refusedLocation, workspaceGuard } from '../lib/sessions/workspaces';
import type { PipelineReport } from '../lib/pipeline/types';
import type { RunEvent } from '../lib/runs/events';
import type { Io } from './io';
import { formatReport, progressLine } from './print';
import { runPipelineRemote } from './remote';
import type { Target } from './target';

/** `open` is called only once the inputs are good: a typo must not touch the data folder. */
export async function runPipelineCommand(open: () => Target, reqFile: string, workspace: string, io: Io): Promise<number> {
  const file = path.resolve(io.cwd, reqFile);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    io.err(`Cannot read --req-file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return 2;
  }
  const req = checkRequirementBytes(bytes, file);
  if (!req.ok) {
    io.err(req.error);
    return 2;
  }
  const dir = checkWritableFolder(path.resolve(io.cwd, workspace));
  if (!dir.ok) {
    io.err(`--workspace: ${dir.error}`);
    return 2;
  }
  const target = open();
  if ('server' in target) return runPipelineRemote(target.server, req.value, dir.value, io);
  const app = target.app;
  // The same refusals as the server's (system folders, the app's own folders).
  const refused = refusedLocation(dir.value, workspaceGuard(app));
  if (refused) {
    io.err(`--workspace: ${refused}`);
    return 2;
  }
  let report: PipelineReport | null = null;
  let ended = '';
  let runId = '';
  // The first events are emitted while startPipeline runs, before its id is known.
  const early: RunEvent[] = [];
  const show = (e: RunEvent) => {
    if (e.type === 'report') report = e.report;
    if (e.type === 'run_finished' || e.type === 'run_failed' || e.type === 'run_cancelled') ended = e.type;
    const line = progressLine(e);
    if (line !== null) io.out(line);
  };
  const off = app.log.bus.subscribe({}, (e, ack) => {
    if (ack) return;
    if (!runId) early.push(e);
    else if (e.runId === runId) show(e);
  });
  try {
    runId = startPipeline(app, req.value, { path: dir.value });
  } catch (e) {
    off();
    if (e instanceof PipelineInputError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
  io.out(`pipeline run ${runId}`);
  for (const e of early) if (e.runId === runId) show(e);
  const onSigint = () => {
    io.err('\nCancelling (the model request and any running command are stopped)…');
    app.pipelines.cancel(runId);
  };
  process.once('SIGINT', onSigint);
  try {
    await app.pipelines.settled(runId);
  } finally {
    process.off('SIGINT', onSigint);
    off();
  }
  const r = report as PipelineReport | null;
  if (r) io.out(formatReport(r));
  if (ended === 'run_cancelled') return 130;
  return ended === 'run_finished' && r?.verdict === 'passed' ? 0 : 1;
}
