'use client';
import { applyPipelineEvents, emptyPipelineView, type PipelineView } from '@/lib/pipeline/view';
import { useEventView, type StreamState } from '../useEventView';

export type { StreamState };

/** The pipeline run's view, built from its event stream. */
export function usePipelineEvents(runId: string): { view: PipelineView; stream: StreamState } {
  return useEventView(`/api/runs/${encodeURIComponent(runId)}/events`, emptyPipelineView(), applyPipelineEvents);
}
