// Server-Sent Events over the event log: replay what the client has not seen
// (after Last-Event-ID), then tail the bus. Subscribing before replaying, with
// pending deltas flushed first, leaves no gap and no duplicate.
import type { EventFilter } from './bus';
import type { EventLog } from './log';
import { TERMINAL_EVENT_TYPES, type RunEvent } from './events';

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

/** Events that put an ended run back in motion (a pipeline's Resume, a restart). */
const REOPENING = new Set(['run_started', 'run_queued', 'run_resumed']);

/** Sent before the server closes a run's stream: the client should not reconnect. */
export const END_EVENT = 'event: end\ndata: {}\n\n';

/**
 * `endAfterTerminal` (a run's own stream): once the run's terminal event has
 * been sent, replayed or live, send `event: end` and close, so a client
 * following an ended run is not left holding an open connection forever.
 */
export function sseResponse(log: EventLog, filter: EventFilter, afterId: number, signal: AbortSignal, opts: { endAfterTerminal?: boolean } = {}): Response {
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
      let ended = false;
      const end = () => {
        ended = true;
        send(END_EVENT);
        queueMicrotask(() => cleanup());
      };
      const live = (e: RunEvent, ack: boolean) => {
        if (ended || !(e.id === 0 || e.id > lastSent)) return;
        send(formatEvent(e, ack));
        if (e.id > 0) lastSent = e.id;
        if (opts.endAfterTerminal && TERMINAL_EVENT_TYPES.has(e.type)) end();
      };
      const unsubscribe = log.bus.subscribe(filter, (e, ack) => {
        if (replaying) backlog.push([e, ack]);
        else live(e, ack);
      });
      send('retry: 1000\n\n');
      // With a Last-Event-ID past the end, the terminal event is not replayed: ask the log.
      let over = opts.endAfterTerminal && afterId > 0 && lastLifecycleEnds(log.replay(filter, 0));
      for (const e of log.replay(filter, afterId)) {
        send(formatEvent(e));
        lastSent = e.id;
        if (TERMINAL_EVENT_TYPES.has(e.type)) over = true;
        else if (REOPENING.has(e.type)) over = false;
      }
      replaying = false;
      // Only flush acks for rows already replayed can land here; skip them.
      for (const [e, ack] of backlog) live(e, ack);
      if (over && opts.endAfterTerminal && !ended) end();
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

/** Whether the run's last lifecycle event (start, queue, resume, end) is an end. */
function lastLifecycleEnds(events: RunEvent[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const t = events[i]!.type;
    if (TERMINAL_EVENT_TYPES.has(t)) return true;
    if (REOPENING.has(t)) return false;
  }
  return false;
}
