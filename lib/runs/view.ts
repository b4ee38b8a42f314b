// The session view-model, derived from run events only. Pure (no React, no
// server imports) so the browser can replay history, resume after a reconnect
// and apply live deltas with one function, and tests can check it directly.
import type { ContextEntry, ContextSource, FileChange, Intent, RunEvent, RunKind, RunStatus, SalvageKind } from './events';

export interface MessageItem {
  kind: 'message';
  id: string; // messageId
  persona: string;
  model: string;
  text: string;
  done: boolean;
  partial: boolean;
  promptTokens?: number;
  completionTokens?: number;
  durationMs?: number;
}

export interface ToolResultView {
  ok: boolean;
  content: string;
  diff?: string;
  files: string[];
  exitCode?: number | null;
  timedOut?: boolean;
  killed?: boolean;
  durationMs?: number;
}

export interface ToolItem {
  kind: 'tool';
  id: string; // callId
  tool: string;
  args: unknown;
  salvaged?: SalvageKind;
  /** Shell output in arrival order, stderr wrapped in a red ANSI tint; only ever grows. */
  output: string;
  /** Characters received per stream: the offsets of the next chunks. */
  received: { stdout: number; stderr: number };
  result?: ToolResultView;
}

export interface ApprovalItem {
  kind: 'approval';
  id: string; // callId
  tool: string;
  command: string;
  /** Why it asks beyond the policy (the sandbox is unavailable). */
  note?: string;
  /** null while the run waits for the user. */
  approved: boolean | null;
}

export interface WarningItem { kind: 'warning'; id: string; code: string; message: string }
export interface IntentItem { kind: 'intent'; id: string; intent: Intent; reason: string; model: string }
export interface SalvageItem { kind: 'salvage'; id: string; salvage: SalvageKind; model: string; detail?: string }
export interface ModelItem { kind: 'model'; id: string; action: 'load' | 'unload'; model: string; durationMs: number }

export interface ContextItem {
  kind: 'context';
  id: string;
  source: ContextSource;
  items: ContextEntry[];
  tokens: number;
  /** What was cut or refused (instruction files). */
  note?: string;
}
/** Older turns summarised (history_compacted): the "Earlier turns, summarised" card. */
export interface CompactionItem {
  kind: 'compaction';
  id: string;
  summary: string;
  model: string;
  trigger: 'auto' | 'command';
  turns: number;
  totalTurns: number;
  keptTurns: number;
  tokensBefore: number;
  tokensAfter: number;
  durationMs: number;
}
/** Long work in a turn (`/index`): one item, updated in place. */
export interface ProgressItem { kind: 'progress'; id: string; label: string; done: number; total: number }

export type TurnItem = MessageItem | ToolItem | ApprovalItem | WarningItem | IntentItem | SalvageItem | ModelItem | ContextItem | ProgressItem | CompactionItem;

export interface Turn {
  runId: string;
  input: string;
  kind: RunKind;
  status: RunStatus;
  error?: string;
  /** What the run reported when it finished (`/index`: files, chunks, embedding calls). */
  summary?: string;
  startedAt: number;
  finishedAt?: number;
  items: TurnItem[];
  /** Paths written or edited by the turn, in order of first change. */
  filesChanged: string[];
  reverted?: { files: string[]; conflicts: string[] };
}

export interface SessionView {
  turns: Turn[];
  /** Highest persisted event id applied: replays of older ones are skipped. */
  lastId: number;
}

export const emptyView: SessionView = { turns: [], lastId: 0 };

/** The red the view wraps stderr in (see ToolItem.output); a command that exits 0 is shown without it. */
export const STDERR_ON = '\x1b[31m';
const STDERR_OFF = '\x1b[0m';

/** Merges a chunk at `offset` into `have`: returns the new part only (empty for duplicates and gaps). */
function newPart(haveLen: number, offset: number, text: string): string | null {
  if (offset > haveLen) return null; // a gap: something before it is missing, wait for the replay
  const end = offset + text.length;
  if (end <= haveLen) return null; // already applied
  return text.slice(haveLen - offset);
}

function newTurn(e: RunEvent): Turn {
  return { runId: e.runId, input: '', kind: 'chat', status: 'running', startedAt: e.ts, items: [], filesChanged: [] };
}

/** Replace item `id` of `kind` (or append `created()` when absent) with `fn(item)`. */
function updateItem<K extends TurnItem['kind']>(
  turn: Turn,
  kind: K,
  id: string,
  fn: (item: Extract<TurnItem, { kind: K }>) => Extract<TurnItem, { kind: K }>,
  created?: () => Extract<TurnItem, { kind: K }>,
): Turn {
  const i = turn.items.findIndex((it) => it.kind === kind && it.id === id);
  if (i < 0) {
    if (!created) return turn;
    return { ...turn, items: [...turn.items, fn(created())] };
  }
  const next = fn(turn.items[i] as Extract<TurnItem, { kind: K }>);
  if (next === turn.items[i]) return turn;
  const items = turn.items.slice();
  items[i] = next;
  return { ...turn, items };
}

function applyToTurn(turn: Turn, e: RunEvent): Turn {
  const itemId = `${e.id || e.seq}:${e.type}`;
  switch (e.type) {
    case 'run_started':
      return { ...turn, input: e.input, kind: e.kind, startedAt: e.ts };
    case 'run_finished':
      return { ...turn, status: 'finished', summary: e.summary, finishedAt: e.ts };
    case 'run_failed':
      return { ...turn, status: 'failed', error: e.error, finishedAt: e.ts };
    case 'run_cancelled':
      return { ...turn, status: 'cancelled', error: e.reason, finishedAt: e.ts };
    case 'run_interrupted':
      return { ...turn, status: 'interrupted', error: e.reason, finishedAt: e.ts };
    case 'intent':
      return { ...turn, items: [...turn.items, { kind: 'intent', id: itemId, intent: e.intent, reason: e.reason, model: e.model }] };
    case 'warning':
      return { ...turn, items: [...turn.items, { kind: 'warning', id: itemId, code: e.code, message: e.message }] };
    case 'salvage':
      return { ...turn, items: [...turn.items, { kind: 'salvage', id: itemId, salvage: e.kind, model: e.model, detail: e.detail }] };
    case 'context_used':
      return { ...turn, items: [...turn.items, { kind: 'context', id: itemId, source: e.source, items: e.items, tokens: e.tokens, ...(e.note ? { note: e.note } : {}) }] };
    case 'history_compacted': {
      const { summary, model, trigger, turns, totalTurns, keptTurns, tokensBefore, tokensAfter, durationMs } = e;
      const item: CompactionItem = { kind: 'compaction', id: itemId, summary, model, trigger, turns, totalTurns, keptTurns, tokensBefore, tokensAfter, durationMs };
      return { ...turn, items: [...turn.items, item] };
    }
    case 'progress':
      return updateItem(turn, 'progress', 'progress', (p) => ({ ...p, label: e.label, done: e.done, total: e.total }), () => ({ kind: 'progress', id: 'progress', label: e.label, done: e.done, total: e.total }));
    case 'model_load':
    case 'model_unload':
      return {
        ...turn,
        items: [...turn.items, { kind: 'model', id: itemId, action: e.type === 'model_load' ? 'load' : 'unload', model: e.model, durationMs: e.durationMs }],
      };
    case 'message_started':
      return updateItem(turn, 'message', e.messageId, (m) => ({ ...m, persona: e.persona, model: e.model }), () => blankMessage(e.messageId));
    case 'message_delta':
      return updateItem(
        turn,
        'message',
        e.messageId,
        (m) => {
          if (m.done) return m; // message_done's content is authoritative
          const part = newPart(m.text.length, e.offset, e.text);
          return part === null ? m : { ...m, text: m.text + part };
        },
        () => blankMessage(e.messageId),
      );
    case 'message_done':
      return updateItem(
        turn,
        'message',
        e.messageId,
        (m) => ({
          ...m, text: e.content, done: true, partial: !!e.partial,
          promptTokens: e.promptTokens, completionTokens: e.completionTokens, durationMs: e.durationMs,
        }),
        () => blankMessage(e.messageId),
      );
    case 'tool_call':
      return updateItem(turn, 'tool', e.callId, (t) => ({ ...t, tool: e.tool, args: e.args, salvaged: e.salvaged }), () => blankTool(e.callId, e.tool));
    case 'tool_output':
      return updateItem(
        turn,
        'tool',
        e.callId,
        (t) => {
          const part = newPart(t.received[e.stream], e.offset, e.text);
          if (part === null) return t;
          const shown = e.stream === 'stderr' ? `${STDERR_ON}${part}${STDERR_OFF}` : part;
          return { ...t, output: t.output + shown, received: { ...t.received, [e.stream]: t.received[e.stream] + part.length } };
        },
        () => blankTool(e.callId, 'run_shell'),
      );
    case 'tool_result': {
      const files = e.ok && e.files ? e.files.map((f: FileChange) => f.path) : [];
      const updated = updateItem(
        turn,
        'tool',
        e.callId,
        (t) => ({
          ...t,
          result: {
            ok: e.ok, content: e.content, diff: e.diff, files, exitCode: e.exitCode,
            timedOut: e.timedOut, killed: e.killed, durationMs: e.durationMs,
          },
        }),
        () => blankTool(e.callId, e.tool),
      );
      const fresh = files.filter((p) => !updated.filesChanged.includes(p));
      return fresh.length ? { ...updated, filesChanged: [...updated.filesChanged, ...fresh] } : updated;
    }
    case 'approval_requested':
      return updateItem(turn, 'approval', e.callId, (a) => ({ ...a, tool: e.tool, command: e.command, note: e.note }), () => ({
        kind: 'approval', id: e.callId, tool: e.tool, command: e.command, note: e.note, approved: null,
      }));
    case 'approval_resolved':
      return updateItem(turn, 'approval', e.callId, (a) => ({ ...a, approved: e.approved }));
    case 'reverted':
      return { ...turn, reverted: { files: e.files.map((f) => f.path), conflicts: e.conflicts } };
    default:
      return turn;
  }
}

function blankMessage(id: string): MessageItem {
  return { kind: 'message', id, persona: '', model: '', text: '', done: false, partial: false };
}

function blankTool(id: string, tool: string): ToolItem {
  return { kind: 'tool', id, tool, args: {}, output: '', received: { stdout: 0, stderr: 0 } };
}

/** Applies one event. Persisted events already applied (id <= lastId) are skipped; live ones (id 0) merge by offset. */
export function applyEvent(state: SessionView, e: RunEvent): SessionView {
  if (e.id > 0 && e.id <= state.lastId) return state;
  const lastId = e.id > 0 ? e.id : state.lastId;
  const i = state.turns.findIndex((t) => t.runId === e.runId);
  const before = i >= 0 ? state.turns[i]! : newTurn(e);
  const after = applyToTurn(before, e);
  if (i >= 0 && after === before) return lastId === state.lastId ? state : { ...state, lastId };
  const turns = state.turns.slice();
  if (i >= 0) turns[i] = after;
  else turns.push(after);
  return { turns, lastId };
}

export function applyEvents(state: SessionView, events: RunEvent[]): SessionView {
  return events.reduce(applyEvent, state);
}

/** The run still in progress, if any (at most one per session). */
export function activeTurn(state: SessionView): Turn | undefined {
  for (let i = state.turns.length - 1; i >= 0; i--) if (state.turns[i]!.status === 'running') return state.turns[i];
  return undefined;
}

/** Whether a turn can be reverted: it ended, changed files, and is not reverted yet. */
export function canRevert(turn: Turn): boolean {
  return turn.status !== 'running' && turn.filesChanged.length > 0 && !turn.reverted;
}
