// Appends run events to SQLite and publishes them. Token deltas and shell
// output chunks go to subscribers at once but are written in coalesced batches:
// one row per token would throttle the stream.
import { and, asc, eq, gt, max } from 'drizzle-orm';
import type { Db } from '../db';
import { events } from '../db/schema';
import { EventBus, type EventFilter } from './bus';
import type { EventBody, RunEvent } from './events';

type Streamed = Extract<EventBody, { type: 'message_delta' | 'tool_output' }>;
export type StreamedInput =
  | { type: 'message_delta'; messageId: string; text: string }
  | { type: 'tool_output'; callId: string; stream: 'stdout' | 'stderr'; text: string };

interface Pending {
  sessionId: string | null;
  bodies: Streamed[];
  bytes: number;
}

const FLUSH_MS = 40;
const FLUSH_BYTES = 64 * 1024;

export class EventLog {
  readonly bus: EventBus;
  private seqs = new Map<string, number>();
  private offsets = new Map<string, number>();
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private insert;

  constructor(private db: Db, bus?: EventBus) {
    this.bus = bus ?? new EventBus();
    this.insert = db.$client.prepare(
      'INSERT INTO events (run_id, session_id, seq, type, data, ts) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** Append a non-streamed event: earlier deltas of the run are written first, so order holds. */
  append(runId: string, sessionId: string | null, body: EventBody): RunEvent {
    this.flushRun(runId);
    const event = this.write(runId, sessionId, body);
    this.bus.publish(event);
    return event;
  }

  /** A token or output chunk: published now (id 0), persisted within FLUSH_MS. */
  stream(runId: string, sessionId: string | null, input: StreamedInput): void {
    if (!input.text) return;
    const key = input.type === 'message_delta' ? `m:${input.messageId}` : `o:${input.callId}:${input.stream}`;
    const offset = this.offsets.get(key) ?? 0;
    this.offsets.set(key, offset + input.text.length);
    const body = { ...input, offset } as Streamed;
    this.bus.publish({ ...body, id: 0, runId, sessionId, seq: 0, ts: Date.now() } as RunEvent);

    let p = this.pending.get(runId);
    if (!p) this.pending.set(runId, (p = { sessionId, bodies: [], bytes: 0 }));
    const last = p.bodies[p.bodies.length - 1];
    if (last && sameStream(last, body) && last.offset + last.text.length === body.offset) last.text += body.text;
    else p.bodies.push(body);
    p.bytes += body.text.length;
    if (p.bytes >= FLUSH_BYTES) this.flushRun(runId);
    else if (!this.timer) this.timer = setTimeout(() => this.flushAll(), FLUSH_MS);
  }

  flushRun(runId: string): void {
    const p = this.pending.get(runId);
    if (!p) return;
    this.pending.delete(runId);
    const written = this.db.$client.transaction(() => p.bodies.map((b) => this.write(runId, p.sessionId, b)))();
    for (const e of written) this.bus.publish(e, true);
  }

  flushAll(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const runId of [...this.pending.keys()]) this.flushRun(runId);
  }

  /** Persisted events matching the filter with id > afterId, oldest first. */
  replay(filter: EventFilter, afterId = 0): RunEvent[] {
    this.flushAll();
    const conds = [gt(events.id, afterId)];
    if (filter.runId) conds.push(eq(events.runId, filter.runId));
    if (filter.sessionId) conds.push(eq(events.sessionId, filter.sessionId));
    return this.db.select().from(events).where(and(...conds)).orderBy(asc(events.id)).all().map(toEvent);
  }

  /** Forget per-run counters once a run has ended (they are rebuilt from the DB if needed). */
  forget(runId: string): void {
    this.flushRun(runId);
    this.seqs.delete(runId);
    for (const k of [...this.offsets.keys()]) if (k.includes(runId)) this.offsets.delete(k);
  }

  private nextSeq(runId: string): number {
    let seq = this.seqs.get(runId);
    if (seq === undefined) {
      const row = this.db.select({ m: max(events.seq) }).from(events).where(eq(events.runId, runId)).get();
      seq = row?.m ?? 0;
    }
    this.seqs.set(runId, seq + 1);
    return seq + 1;
  }

  private write(runId: string, sessionId: string | null, body: EventBody): RunEvent {
    const seq = this.nextSeq(runId);
    const ts = Date.now();
    const info = this.insert.run(runId, sessionId, seq, body.type, JSON.stringify(body), ts);
    return { ...body, id: Number(info.lastInsertRowid), runId, sessionId, seq, ts } as RunEvent;
  }
}

function sameStream(a: Streamed, b: Streamed): boolean {
  if (a.type === 'message_delta' && b.type === 'message_delta') return a.messageId === b.messageId;
  if (a.type === 'tool_output' && b.type === 'tool_output') return a.callId === b.callId && a.stream === b.stream;
  return false;
}

export function toEvent(row: typeof events.$inferSelect): RunEvent {
  return { ...JSON.parse(row.data), id: row.id, runId: row.runId, sessionId: row.sessionId, seq: row.seq, ts: row.ts };
}
