// Response shapes of /api/pipelines, as lib builds them (type-only imports: nothing of the server reaches the bundle).
import type { StoredRunStatus } from '@/lib/runs/events';
import type { getPipeline } from '@/lib/pipeline/store';

export type PipelineStatus = StoredRunStatus;
export type { PipelineSummary } from '@/lib/pipeline/store';
export type PipelineDetail = NonNullable<ReturnType<typeof getPipeline>>;

export const STATUS_TONE = {
  queued: 'neutral', running: 'blue', finished: 'green', failed: 'red', cancelled: 'amber', interrupted: 'amber',
} as const;

export const fmtMs = (ms: number) => (ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`);
export const clock = (ts: number) => new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
