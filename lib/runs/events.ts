// The one typed union of run events, shared by the server and the UI. The
// event log is the source of truth: history, resume, the terminal view and
// benchmark figures are all derived from these. This file must stay free of
// server imports so client components can use it.
import type { CriterionResult, PhaseName, PhaseResult, PhaseStats, PipelineReport } from '../pipeline/types';

export type RunKind = 'chat' | 'quick' | 'pipeline' | 'index';
export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled' | 'interrupted';
/** A pipeline run waits in 'queued' until the models are free. */
export type StoredRunStatus = RunStatus | 'queued';
export type Intent = 'conversational' | 'implementation' | 'complex';

/** A file change kept so a turn can be reverted. `before: null` = file was new. */
export interface FileChange {
  path: string; // workspace-relative
  before: string | null;
  after: string | null;
  /** 'base64' when the previous content was not valid UTF-8. */
  beforeEncoding?: 'utf8' | 'base64';
}

/** What one tool call produced: the tool returns it and the tool_result event carries it. */
export interface ToolOutcome {
  ok: boolean;
  /** What the model was given (already within the tool-result budget). */
  content: string;
  files?: FileChange[];
  diff?: string;
  exitCode?: number | null;
  timedOut?: boolean;
  killed?: boolean;
  /** write_file/edit_file: syntax errors (tree-sitter) the change added; the content says where. */
  syntaxErrors?: number;
}

export type ContextSource = 'rag' | 'symbols' | 'web' | 'instructions' | 'mcp';
export interface ContextEntry { path: string; startLine?: number; endLine?: number; title?: string; score?: number; bytes?: number; size?: number }

export type SalvageKind = 'json' | 'tool_call_tag' | 'fenced_file' | 'repaired_json' | 'nudge' | 'loop_break' | 'syntax_error';

export type EventBody =
  | { type: 'run_started'; kind: RunKind; input: string; sessionId: string | null }
  | { type: 'run_finished'; summary?: string }
  | { type: 'run_failed'; error: string }
  | { type: 'run_cancelled'; reason?: string }
  | { type: 'run_interrupted'; reason: string }
  | { type: 'intent'; intent: Intent; reason: string; model: string }
  | { type: 'message_started'; messageId: string; persona: string; model: string }
  /** `offset` is the character offset of `text` in the message: applying a delta is idempotent. */
  | { type: 'message_delta'; messageId: string; offset: number; text: string }
  | {
      type: 'message_done';
      messageId: string;
      content: string;
      /** true when the stream broke off (Ollama went away, or Stop). */
      partial?: boolean;
      promptTokens?: number;
      completionTokens?: number;
      estimatedPromptTokens?: number;
      durationMs?: number;
      /** Where the call ran: the provider (issue 13; absent: ollama_host) and its host. */
      provider?: string;
      host?: string;
    }
  | { type: 'tool_call'; callId: string; tool: string; args: unknown; salvaged?: SalvageKind }
  | { type: 'tool_output'; callId: string; stream: 'stdout' | 'stderr'; offset: number; text: string }
  | ({ type: 'tool_result'; callId: string; tool: string; durationMs?: number } & ToolOutcome)
  /** `note`: why it asks when the policy alone would not (no sandbox). */
  | { type: 'approval_requested'; callId: string; tool: string; command: string; note?: string }
  | { type: 'approval_resolved'; callId: string; approved: boolean }
  | { type: 'salvage'; kind: SalvageKind; model: string; detail?: string }
  | { type: 'warning'; code: string; message: string }
  | { type: 'model_load'; model: string; durationMs: number }
  | { type: 'model_unload'; model: string; durationMs: number }
  | { type: 'reverted'; files: FileChange[]; conflicts: string[] }
  /**
   * Older turns of the session were summarised into one message (lib/agents/compact.ts). Later turns send
   * `summary` plus the messages after `throughMessageId`; the messages themselves stay in the database.
   * `turns`: turns folded in this time; `totalTurns`: all the summary covers. Tokens are estimates of the history.
   */
  | {
      type: 'history_compacted'; summary: string; model: string; trigger: 'auto' | 'command';
      turns: number; totalTurns: number; keptTurns: number; throughMessageId: number;
      tokensBefore: number; tokensAfter: number; durationMs: number;
    }
  /**
   * Retrieved chunks put into the prompt, shown as "context used". Instruction files (AGENTS.md) carry `bytes` in
   * the prompt and, when cut, `size` on disk; `note` says what was cut or refused.
   */
  | { type: 'context_used'; source: ContextSource; items: ContextEntry[]; tokens: number; note?: string }
  /** Long work (indexing, embedding, pulling): `total` unknown while 0. */
  | { type: 'progress'; label: string; done: number; total: number }
  // ---- Pipeline mode (lib/pipeline). Each phase's result is persisted when it
  // finishes, so a resumed run continues at the first unfinished phase.
  /** Waiting for another pipeline to finish with the models. */
  | { type: 'run_queued'; ahead: number }
  /** Back in the queue after a restart or the user's Resume. */
  | { type: 'run_resumed'; reason: string }
  /** The run got the models; `resumeAt` is its first unfinished phase. */
  /** `phases`: the persona and model each phase runs as (from the prompt files and config). */
  | { type: 'pipeline_started'; workspace: string; phases: Record<PhaseName, { persona: string; model: string }>; resumeAt: PhaseName }
  | { type: 'phase_started'; phase: PhaseName; persona: string; model: string; attempt: number }
  | { type: 'phase_finished'; phase: PhaseName; result: PhaseResult; stats: PhaseStats }
  | { type: 'phase_failed'; phase: PhaseName; error: string; willRetry: boolean }
  /** One pass of the Tester over every criterion's command. */
  | { type: 'test_round'; round: number; results: CriterionResult[] }
  | { type: 'report'; report: PipelineReport };

export type EventType = EventBody['type'];

export type RunEvent = EventBody & {
  /** Global, increasing id: the SSE event id. 0 for live-only token deltas not yet persisted. */
  id: number;
  runId: string;
  sessionId: string | null;
  seq: number;
  ts: number;
};

export type EventOf<T extends EventType> = Extract<RunEvent, { type: T }>;

export const TERMINAL_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'run_finished',
  'run_failed',
  'run_cancelled',
  'run_interrupted',
]);
