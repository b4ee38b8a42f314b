'use client';
import { useEffect, useState } from 'react';
import type { RunEvent } from '@/lib/runs/events';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * A view folded from an SSE event stream. The server replays history on
 * connect, then tails; EventSource resumes after Last-Event-ID on its own.
 * Events are applied in small batches so a long replay renders once.
 * `apply` must be a stable (module-level) function.
 */
export function useEventView<V>(url: string, initial: V, apply: (v: V, batch: RunEvent[]) => V): { view: V; stream: StreamState } {
  const [view, setView] = useState<V>(initial);
  const [stream, setStream] = useState<StreamState>('connecting');

  useEffect(() => {
    const es = new EventSource(url);
    let queue: RunEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = queue;
      queue = [];
      setView((v) => apply(v, batch));
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
  }, [url, apply]);

  return { view, stream };
}
