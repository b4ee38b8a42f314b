// Context budgeting. Ollama silently cuts prompts that exceed num_ctx, and a
// small model that lost its system prompt or its task just drifts. So every
// prompt is estimated and fitted before it is sent, and the returned
// prompt_eval_count is checked afterwards.

/** The message shape of Ollama's /api/chat. */
export interface ChatMessage {
  role: string;
  content: string;
  tool_calls?: { function: { name: string; arguments: unknown } }[];
  tool_name?: string;
  thinking?: string;
}

// Qwen2.5's chat template, which Ollama renders around every message:
// "<|im_start|>role\n" ... "<|im_end|>\n".
export const MESSAGE_OVERHEAD = 5;
/** "<|im_start|>assistant\n" appended after the last message. */
export const REPLY_PRIMER = 3;
const TOOL_CALL_OVERHEAD = 6; // "<tool_call>\n" ... "\n</tool_call>"
const TOOL_RESULT_OVERHEAD = 6; // "<tool_response>\n" ... "\n</tool_response>"
const TOOLS_PREAMBLE = 120; // "# Tools ... <tools></tools> ... For each function call, return ..."

export const TRIMMED_STUB = '[output trimmed to fit the context window]';

/**
 * Fast token estimate, one pass, no tokenizer. Why not plain chars/3.5: that
 * is right for prose but low for code, where short identifiers and
 * punctuation each take a token, and digits are one token each in Qwen's
 * tokenizer. So: a word costs 1 token per 6 letters (rounded up), a digit 1,
 * an ASCII symbol 1/2 (they often merge: `":`, `({`), a newline 1/2 (merged
 * with the indentation after it), other spaces 0 (merged into the next word),
 * a non-ASCII UTF-16 unit 1. That gives ~4.5 chars/token on English and ~3 on
 * code and JSON, a little above the real counts, which is the safe side;
 * random strings (hashes, base64) are underestimated.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  let word = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (letter) {
      if (word % 6 === 0) tokens++;
      word++;
      continue;
    }
    word = 0;
    if (c >= 48 && c <= 57) tokens++;
    else if (c === 10) tokens += 0.5;
    else if (c === 32 || c === 9 || c === 13) continue;
    else if (c < 128) tokens += 0.5;
    else tokens++;
  }
  return Math.ceil(tokens);
}

/** One message as the template renders it, with its overhead. */
export function estimateMessage(m: ChatMessage): number {
  let n = MESSAGE_OVERHEAD + estimateTokens(m.content ?? '');
  if (m.role === 'tool') n += TOOL_RESULT_OVERHEAD;
  for (const call of m.tool_calls ?? []) {
    n += TOOL_CALL_OVERHEAD + estimateTokens(JSON.stringify({ name: call.function.name, arguments: call.function.arguments }));
  }
  return n;
}

/** The tool schemas the template prints into the system prompt. */
export function estimateTools(tools: readonly unknown[] | undefined): number {
  if (!tools || tools.length === 0) return 0;
  return TOOLS_PREAMBLE + tools.reduce<number>((n, t) => n + 1 + estimateTokens(JSON.stringify(t)), 0);
}

/** The whole prompt: messages, their overhead, the reply primer and the tool schemas. */
export function estimateMessages(messages: readonly ChatMessage[], tools?: readonly unknown[]): number {
  return messages.reduce((n, m) => n + estimateMessage(m), REPLY_PRIMER) + estimateTools(tools);
}

export interface FitInput<M extends ChatMessage = ChatMessage> {
  messages: readonly M[];
  numCtx: number;
  /** Room kept for the answer (num_predict or a fair guess). */
  reserveForReply: number;
  /** estimateTools(tools) for the tools sent with the request. */
  toolsTokens?: number;
  /**
   * Indices never dropped (their content may still be stubbed if they are
   * tool outputs), e.g. the task message of a run when a later user message
   * (a nudge) would otherwise make it part of an "older turn".
   */
  pinned?: readonly number[];
}

export interface FitResult<M extends ChatMessage = ChatMessage> {
  messages: M[];
  /** Estimated prompt size of the returned messages, tools included. */
  estimatedTokens: number;
  /** Tool outputs replaced by the stub, and whole messages dropped. */
  trimmed: { toolOutputs: number; messages: number };
  /** estimatedTokens + reserveForReply <= numCtx; when false the caller warns. */
  fits: boolean;
}

/**
 * Fits a history into num_ctx without breaking it:
 *  1. oldest tool outputs first become a short stub; the message stays, so
 *     every tool call keeps its result. The trailing tool outputs (results the
 *     model is about to read) are kept: stubbing them makes it call again.
 *  2. then the oldest whole units go: older turns (a user message and all that
 *     followed it), then the earlier steps of the current turn (an assistant
 *     message with its tool results). Never the leading system messages, the
 *     latest user message, the last step, or a pinned message.
 * The input is not modified.
 */
export function fitMessages<M extends ChatMessage>(input: FitInput<M>): FitResult<M> {
  const { messages, numCtx, reserveForReply, toolsTokens = 0 } = input;
  const pinned = new Set(input.pinned ?? []);
  const out: (M | null)[] = [...messages];
  const cost = out.map((m) => estimateMessage(m!));
  let total = cost.reduce((a, b) => a + b, REPLY_PRIMER + toolsTokens);
  const budget = numCtx - reserveForReply;

  let trailing = messages.length;
  while (trailing > 0 && messages[trailing - 1].role === 'tool') trailing--;
  let stubbed = 0;
  for (let i = 0; i < trailing && total > budget; i++) {
    const m = out[i]!;
    if (m.role !== 'tool' || m.content.length <= TRIMMED_STUB.length) continue;
    out[i] = { ...m, content: TRIMMED_STUB };
    total += estimateMessage(out[i]!) - cost[i];
    cost[i] = estimateMessage(out[i]!);
    stubbed++;
  }

  let dropped = 0;
  for (const [start, end] of droppableUnits(messages)) {
    if (total <= budget) break;
    // A pinned message stays; the rest of its unit may still go, a message with its tool results at a time.
    for (const [a, b] of hasPin(start, end, pinned) ? pieces(messages, start, end) : [[start, end]]) {
      if (total <= budget) break;
      if (hasPin(a, b, pinned)) continue;
      for (let i = a; i < b; i++) {
        if (out[i]!.content === TRIMMED_STUB && messages[i].content !== TRIMMED_STUB) stubbed--;
        total -= cost[i];
        out[i] = null;
        dropped++;
      }
    }
  }

  return {
    messages: out.filter((m): m is M => m !== null),
    estimatedTokens: total,
    trimmed: { toolOutputs: stubbed, messages: dropped },
    fits: total + reserveForReply <= numCtx,
  };
}

function hasPin(start: number, end: number, pinned: Set<number>): boolean {
  for (let i = start; i < end; i++) if (pinned.has(i)) return true;
  return false;
}

/** A unit cut into single messages, each with the tool results that follow it. */
function pieces(messages: readonly ChatMessage[], start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = start; i < end; ) {
    let j = i + 1;
    while (j < end && messages[j].role === 'tool') j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

/** [start, end) ranges that may be dropped, oldest first. */
function droppableUnits(messages: readonly ChatMessage[]): [number, number][] {
  let first = 0;
  while (first < messages.length && messages[first].role === 'system') first++;
  const users: number[] = [];
  messages.forEach((m, i) => i >= first && m.role === 'user' && users.push(i));
  const lastUser = users.at(-1) ?? first - 1;
  // Whole turns before the latest user message (and anything before the first user).
  const starts = [first, ...users].filter((s, k, a) => s < lastUser && a.indexOf(s) === k);
  const units: [number, number][] = starts.map((s, k) => [s, starts[k + 1] ?? lastUser]);
  // Steps of the current turn: each assistant message and what follows it, except the last.
  const steps: number[] = [];
  for (let i = lastUser + 1; i < messages.length; i++) if (messages[i].role === 'assistant') steps.push(i);
  for (let k = 0; k + 1 < steps.length; k++) units.push([steps[k], steps[k + 1]]);
  return units;
}

/**
 * After a call: did Ollama cut the prompt? Reasoning, with e = estimate and
 * c = prompt_eval_count, both as fractions of num_ctx:
 *  - Ollama never evaluates more than num_ctx. c >= 0.95 means the window was
 *    full: the prompt was cut to fit, or the reply has no room and will shift
 *    the context. Flag whatever we estimated.
 *  - When the prompt exceeds the window, the runner keeps about half of it
 *    (observed: c = num_ctx/2 + 2 or 3). c within 1% of num_ctx/2 while we
 *    estimated more than 0.85 is that signature (the estimate may run low).
 *  - e > 0.9 and c >= 0.9: both agree the prompt is at the limit, and the
 *    estimate can be off by a tenth, so it likely went over.
 *  - A low c alone proves nothing: older Ollama reported only the tokens not
 *    served from the prompt-prefix cache on follow-up calls, and Ollama may
 *    drop old messages itself. Those cases are caught before sending, by
 *    fitMessages returning fits: false.
 * A missing or zero count (fully cached prompt on old Ollama) is no evidence.
 */
export function truncationSuspected(estimated: number, promptEvalCount: number | undefined, numCtx: number): boolean {
  if (!promptEvalCount || promptEvalCount <= 0 || numCtx <= 0) return false;
  const e = estimated / numCtx;
  const c = promptEvalCount / numCtx;
  if (c >= 0.95) return true;
  if (e > 0.85 && Math.abs(promptEvalCount - numCtx / 2) <= Math.max(16, numCtx * 0.01)) return true;
  return e > 0.9 && c >= 0.9;
}
