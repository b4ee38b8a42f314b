// In-process fan-out of run events. SSE connections and in-process consumers
// (the headless CLI, benchmarks) subscribe with a filter.
import type { RunEvent } from './events';

export interface EventFilter {
  runId?: string;
  sessionId?: string;
}

/**
 * `ack` marks a persisted copy of token deltas that live subscribers already
 * received one by one: they only need its id to advance Last-Event-ID.
 */
export type Listener = (event: RunEvent, ack: boolean) => void;

export function matches(filter: EventFilter, e: { runId: string; sessionId: string | null }): boolean {
  if (filter.runId && e.runId !== filter.runId) return false;
  if (filter.sessionId && e.sessionId !== filter.sessionId) return false;
  return true;
}

export class EventBus {
  private listeners = new Set<{ filter: EventFilter; fn: Listener }>();

  subscribe(filter: EventFilter, fn: Listener): () => void {
    const entry = { filter, fn };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  publish(event: RunEvent, ack = false): void {
    for (const { filter, fn } of this.listeners) {
      if (!matches(filter, event)) continue;
      try {
        fn(event, ack);
      } catch {
        // One broken subscriber must not stop a run.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
