'use client';
import { useEffect, useRef, useState } from 'react';
import type { RunEvent } from '@/lib/runs/events';

/** 'ended': the server said the run is over (`event: end`) and closed the stream. */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'ended';

/**
 * A view folded from an SSE event stream. The server replays history on
 * connect, then tails; EventSource resumes after Last-Event-ID on its own.
 * Events are applied in small batches so a long replay renders once.
 * `apply` must be a stable (module-level) function. A new `reopen` value
 * (e.g. the run was resumed after it ended) follows the stream again from the
 * last event seen, without replaying what the view already has.
 */
export function useEventView<V>(url: string, initial: V, apply: (v: V, batch: RunEvent[]) => V, reopen?: unknown): { view: V; stream: StreamState } {
  const [view, setView] = useState<V>(initial);
  const [stream, setStream] = useState<StreamState>('connecting');
  const lastId = useRef<{ url: string; id: string }>({ url, id: '' });

  useEffect(() => {
    if (lastId.current.url !== url) lastId.current = { url, id: '' };
    const after = lastId.current.id;
    const es = new EventSource(after ? `${url}${url.includes('?') ? '&' : '?'}after=${encodeURIComponent(after)}` : url);
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
    // Without this, EventSource would reconnect to an ended run every second.
    es.addEventListener('end', () => {
      es.close();
      setStream('ended');
    });
    es.onmessage = (m: MessageEvent<string>) => {
      if (m.lastEventId) lastId.current = { url, id: m.lastEventId };
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
      // Apply what arrived but was not yet flushed: the next stream resumes after it.
      if (timer) {
        clearTimeout(timer);
        flush();
      }
    };
  }, [url, apply, reopen]);

  return { view, stream };
}
