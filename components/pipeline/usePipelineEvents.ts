'use client';
import { useEffect, useState } from 'react';
import type { RunEvent } from '@/lib/runs/events';
import { applyPipelineEvents, emptyPipelineView, type PipelineView } from '@/lib/pipeline/view';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The run's view from its event stream: the server replays history, then tails; EventSource resumes after Last-Event-ID. */
export function usePipelineEvents(runId: string): { view: PipelineView; stream: StreamState } {
  const [view, setView] = useState<PipelineView>(emptyPipelineView);
  const [stream, setStream] = useState<StreamState>('connecting');
  useEffect(() => {
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    let queue: RunEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = queue;
      queue = [];
      setView((v) => applyPipelineEvents(v, batch));
    };
    es.onopen = () => setStream('open');
    es.onerror = () => setStream(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    es.onmessage = (m: MessageEvent<string>) => {
      if (!m.data) return;
      try {
        queue.push(JSON.parse(m.data) as RunEvent);
      } catch {
        return;
      }
      // Batched: a long replay renders once.
      timer ??= setTimeout(flush, 16);
    };
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [runId]);
  return { view, stream };
}
