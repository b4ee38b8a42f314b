// Server-Sent Events over the event log: replay what the client has not seen
// (after Last-Event-ID), then tail the bus. Subscribing before replaying, with
// pending deltas flushed first, leaves no gap and no duplicate.
import type { EventFilter } from './bus';
import type { EventLog } from './log';
import type { RunEvent } from './events';

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

export function formatEvent(e: RunEvent, ack = false): string {
  // A persisted copy of deltas the client already has: advance its id only.
  // (EventSource updates lastEventId even when an event has no data.)
  if (ack) return `id: ${e.id}\n\n`;
  const id = e.id > 0 ? `id: ${e.id}\n` : '';
  return `${id}data: ${JSON.stringify(e)}\n\n`;
}

export function parseLastEventId(req: Request): number {
  const url = new URL(req.url);
  const raw = req.headers.get('last-event-id') ?? url.searchParams.get('after') ?? '0';
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export function sseResponse(log: EventLog, filter: EventFilter, afterId: number, signal: AbortSignal): Response {
  const enc = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (s: string) => {
        try {
          controller.enqueue(enc.encode(s));
        } catch {
          cleanup();
        }
      };
      let lastSent = afterId;
      const backlog: [RunEvent, boolean][] = [];
      let replaying = true;
      const unsubscribe = log.bus.subscribe(filter, (e, ack) => {
        if (replaying) backlog.push([e, ack]);
        else if (e.id === 0 || e.id > lastSent) {
          send(formatEvent(e, ack));
          if (e.id > 0) lastSent = e.id;
        }
      });
      send('retry: 1000\n\n');
      for (const e of log.replay(filter, afterId)) {
        send(formatEvent(e));
        lastSent = e.id;
      }
      replaying = false;
      // Only flush acks for rows already replayed can land here; skip them.
      for (const [e, ack] of backlog) if (e.id === 0 || e.id > lastSent) send(formatEvent(e, ack));
      // Comments keep proxies and the browser from timing the stream out.
      const ping = setInterval(() => send(': ping\n\n'), 15_000);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      signal.addEventListener('abort', () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
