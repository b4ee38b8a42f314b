// Chat sessions: their list, their per-session model choices, and the
// conversation the model sees on the next turn.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db';
import { messages, runs, sessions, workspaces } from '../db/schema';
import type { ChatMessage } from '../llm/client';

export type Session = typeof sessions.$inferSelect;
export type SessionModels = Partial<Record<'architect_model' | 'implementer_model' | 'quick_model', string>>;

export function createSession(db: Db, workspaceId: string, title = 'New session'): Session {
  const now = Date.now();
  const s = { id: randomUUID(), workspaceId, title, models: '{}', createdAt: now, updatedAt: now };
  db.insert(sessions).values(s).run();
  return s;
}

export function listSessions(db: Db) {
  return db
    .select({ id: sessions.id, title: sessions.title, updatedAt: sessions.updatedAt, createdAt: sessions.createdAt, workspacePath: workspaces.path })
    .from(sessions)
    .innerJoin(workspaces, eq(sessions.workspaceId, workspaces.id))
    .orderBy(desc(sessions.updatedAt))
    .all();
}

export function getSession(db: Db, id: string) {
  return db
    .select({ session: sessions, workspacePath: workspaces.path })
    .from(sessions)
    .innerJoin(workspaces, eq(sessions.workspaceId, workspaces.id))
    .where(eq(sessions.id, id))
    .get();
}

export function sessionModels(s: Session): SessionModels {
  try {
    return JSON.parse(s.models) as SessionModels;
  } catch {
    return {};
  }
}

export function setSessionModels(db: Db, id: string, models: SessionModels): void {
  db.update(sessions).set({ models: JSON.stringify(models), updatedAt: Date.now() }).where(eq(sessions.id, id)).run();
}

export function touchSession(db: Db, id: string, title?: string): void {
  db.update(sessions).set({ updatedAt: Date.now(), ...(title ? { title } : {}) }).where(eq(sessions.id, id)).run();
}

export function sessionRuns(db: Db, sessionId: string) {
  return db.select().from(runs).where(eq(runs.sessionId, sessionId)).orderBy(asc(runs.createdAt)).all();
}

export function recordMessage(db: Db, sessionId: string, runId: string, m: ChatMessage & { partial?: boolean }, persona?: string, model?: string): void {
  db.insert(messages).values({
    sessionId, runId, role: m.role as 'user' | 'assistant' | 'tool', content: m.content ?? '',
    toolCalls: m.tool_calls?.length ? JSON.stringify(m.tool_calls) : null, toolName: m.tool_name ?? null,
    persona: persona ?? null, model: model ?? null, partial: !!m.partial, createdAt: Date.now(),
  }).run();
}

/** The conversation so far, in Ollama's message shape. Partial replies are marked so the model knows. */
export function history(db: Db, sessionId: string): ChatMessage[] {
  return historySince(db, sessionId).map(({ id: _id, ...m }) => m);
}

/** history() with each message's id, after message id `afterId` (compaction picks up after its summary). */
export function historySince(db: Db, sessionId: string, afterId = 0): (ChatMessage & { id: number })[] {
  return db.select().from(messages).where(and(eq(messages.sessionId, sessionId), gt(messages.id, afterId))).orderBy(asc(messages.id)).all().map((r) => {
    const m: ChatMessage & { id: number } = { id: r.id, role: r.role, content: r.partial ? `${r.content}\n[reply interrupted]` : r.content };
    if (r.toolCalls) m.tool_calls = JSON.parse(r.toolCalls);
    if (r.toolName) m.tool_name = r.toolName;
    return m;
  });
}

export interface TranscriptMessage {
  id: number;
  runId: string;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls: unknown[] | null;
  toolName: string | null;
  persona: string | null;
  model: string | null;
  partial: boolean;
  createdAt: number;
}

/** The stored conversation, oldest first, a page at a time (`after` a message id). */
export function transcript(db: Db, sessionId: string, opts: { after?: number; limit?: number } = {}): TranscriptMessage[] {
  const rows = db.select().from(messages).where(and(eq(messages.sessionId, sessionId), gt(messages.id, opts.after ?? 0)))
    .orderBy(asc(messages.id)).limit(opts.limit ?? 500).all();
  return rows.map((r) => ({
    id: r.id, runId: r.runId, role: r.role, content: r.content,
    toolCalls: r.toolCalls ? (JSON.parse(r.toolCalls) as unknown[]) : null,
    toolName: r.toolName, persona: r.persona, model: r.model, partial: r.partial, createdAt: r.createdAt,
  }));
}
