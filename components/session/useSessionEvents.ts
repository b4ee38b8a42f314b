'use client';
import { useEffect, useState } from 'react';
import type { RunEvent } from '@/lib/runs/events';
import { applyEvents, emptyView, type SessionView } from '@/lib/runs/view';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The session's view, built from its event stream. The server replays the
 * whole history on connect; EventSource resumes after Last-Event-ID on its
 * own. Events are applied in small batches so a long replay renders once.
 */
export function useSessionEvents(sessionId: string): { view: SessionView; stream: StreamState } {
  const [view, setView] = useState<SessionView>(emptyView);
  const [stream, setStream] = useState<StreamState>('connecting');

  useEffect(() => {
    const es = new EventSource(`/api/sessions/${encodeURIComponent(sessionId)}/events`);
    let queue: RunEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = queue;
      queue = [];
      setView((v) => applyEvents(v, batch));
    };
    es.onopen = () => setStream('open');
    es.onerror = () => setStream(es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    es.onmessage = (m: MessageEvent<string>) => {
      if (!m.data) return;
      try {
        queue.push(JSON.parse(m.data) as RunEvent);
      } catch {
        return; // not ours to render
      }
      // setTimeout rather than rAF: a background tab keeps up, just throttled.
      timer ??= setTimeout(flush, 16);
    };
    return () => {
      es.close();
      if (timer) clearTimeout(timer);
    };
  }, [sessionId]);

  return { view, stream };
}
