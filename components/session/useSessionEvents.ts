'use client';
import { applyEvents, emptyView, type SessionView } from '@/lib/runs/view';
import { useEventView, type StreamState } from '../useEventView';

export type { StreamState };

/** The session's turns, built from its event stream. */
export function useSessionEvents(sessionId: string): { view: SessionView; stream: StreamState } {
  return useEventView(`/api/sessions/${encodeURIComponent(sessionId)}/events`, emptyView, applyEvents);
}
