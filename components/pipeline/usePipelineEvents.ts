'use client';
import { applyPipelineEvents, emptyPipelineView, type PipelineView } from '@/lib/pipeline/view';
import { useEventView, type StreamState } from '../useEventView';

export type { StreamState };

/** The pipeline run's view, built from its event stream. */
/** `reopen`: changes when the run may have been put back in line (Resume), to follow it again. */
export function usePipelineEvents(runId: string, reopen?: unknown): { view: PipelineView; stream: StreamState } {
  return useEventView(`/api/runs/${encodeURIComponent(runId)}/events`, emptyPipelineView(), applyPipelineEvents, reopen);
}
