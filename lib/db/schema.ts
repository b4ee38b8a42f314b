// The whole drizzle schema in one file. Events are the source of truth; the
// other tables are the indexes a page needs to list things quickly.
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  path: text('path').notNull(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at').notNull(),
}, (t) => [uniqueIndex('workspaces_path').on(t.path)]);

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  workspaceId: text('workspace_id').notNull().references(() => workspaces.id),
  title: text('title').notNull(),
  /** JSON: per-session model choices, e.g. {"implementer_model":"qwen2.5-coder:32b"}. */
  models: text('models').notNull().default('{}'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('sessions_updated').on(t.updatedAt)]);

/** The conversation as the model sees it on the next turn. */
export const messages = sqliteTable('messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sessionId: text('session_id').notNull().references(() => sessions.id),
  runId: text('run_id').notNull(),
  role: text('role', { enum: ['user', 'assistant', 'tool'] }).notNull(),
  content: text('content').notNull(),
  /** JSON array of {function:{name, arguments}} for assistant tool calls. */
  toolCalls: text('tool_calls'),
  toolName: text('tool_name'),
  persona: text('persona'),
  model: text('model'),
  partial: integer('partial', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('messages_session').on(t.sessionId, t.id)]);

export const runs = sqliteTable('runs', {
  id: text('id').primaryKey(),
  sessionId: text('session_id'),
  workspaceId: text('workspace_id'),
  kind: text('kind', { enum: ['chat', 'quick', 'pipeline', 'index'] }).notNull(),
  status: text('status', { enum: ['running', 'finished', 'failed', 'cancelled', 'interrupted'] }).notNull(),
  input: text('input').notNull(),
  error: text('error'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
}, (t) => [index('runs_session').on(t.sessionId, t.createdAt), index('runs_status').on(t.status)]);

export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  runId: text('run_id').notNull(),
  sessionId: text('session_id'),
  seq: integer('seq').notNull(),
  type: text('type').notNull(),
  /** JSON of the event body (without id/runId/sessionId/seq/ts). */
  data: text('data').notNull(),
  ts: integer('ts').notNull(),
}, (t) => [index('events_run').on(t.runId, t.id), index('events_session').on(t.sessionId, t.id)]);

/** Small key/value state of the app itself (the active workspace). */
export const appState = sqliteTable('app_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
