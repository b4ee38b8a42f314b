// Response shapes of /api/pipelines, restated for the client (no server module may leak into the bundle).
export type PipelineStatus = 'queued' | 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';

export interface PipelineSummary {
  id: string;
  status: PipelineStatus;
  title: string;
  workspacePath: string | null;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  phase: string | null;
  verdict: string | null;
  headline: string | null;
}

export interface PipelineDetail {
  id: string;
  status: PipelineStatus;
  title: string;
  input: string;
  workspacePath: string | null;
  createdAt: number;
  /** 0 running, n waiting, -1 not in line. */
  position: number;
}

export const STATUS_TONE = {
  queued: 'neutral', running: 'blue', finished: 'green', failed: 'red', cancelled: 'amber', interrupted: 'amber',
} as const;

export const fmtMs = (ms: number) => (ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);
export const clock = (ts: number) => new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
