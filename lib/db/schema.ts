// The whole drizzle schema in one file. Events are the source of truth; the
// other tables are the indexes a page needs to list things quickly.
import { sqliteTable, text, integer, real, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  path: text('path').notNull(),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at').notNull(),
  /** Who brought the folder in: 'user' (listed as recent) or 'pipeline' / 'bench' (a run's folder, not listed). */
  origin: text('origin').notNull().default('user'),
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
  status: text('status', { enum: ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] }).notNull(),
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

// ---------------------------------------------------------------------------
// Symbol index (lib/symbols): per workspace, one row per indexed source file
// and one per symbol. Paths are workspace-relative with forward slashes.
// ---------------------------------------------------------------------------

export const symbolFiles = sqliteTable('symbol_files', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  workspaceId: text('workspace_id').notNull(),
  path: text('path').notNull(),
  language: text('language').notNull(),
  /** mtime and size first, the content hash second: a cheap no-change check. */
  mtimeMs: real('mtime_ms').notNull(),
  size: integer('size').notNull(),
  hash: text('hash').notNull(),
  lines: integer('lines').notNull(),
  symbolCount: integer('symbol_count').notNull(),
  /** ERROR nodes in the parse tree: the file was indexed only partly. */
  parseErrors: integer('parse_errors').notNull(),
  /** JSON {identifier: uses}: what this file refers to, for ranking. */
  refs: text('refs').notNull(),
  indexedAt: integer('indexed_at').notNull(),
}, (t) => [uniqueIndex('symbol_files_path').on(t.workspaceId, t.path)]);

export const symbols = sqliteTable('symbols', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  workspaceId: text('workspace_id').notNull(),
  fileId: integer('file_id').notNull().references(() => symbolFiles.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** Lower-cased name: case-insensitive exact and prefix lookups use its index. */
  nameLc: text('name_lc').notNull(),
  kind: text('kind').notNull(),
  line: integer('line').notNull(),
  endLine: integer('end_line').notNull(),
  parent: text('parent'),
  signature: text('signature').notNull(),
}, (t) => [index('symbols_name').on(t.workspaceId, t.nameLc), index('symbols_file').on(t.fileId)]);

/** The last indexing run of a workspace, for the index page. */
export const symbolIndexState = sqliteTable('symbol_index_state', {
  workspaceId: text('workspace_id').primaryKey(),
  root: text('root').notNull(),
  lastRunAt: integer('last_run_at').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** JSON IndexSummary of that run. */
  summary: text('summary').notNull(),
});
