// What `ca chat` prints: a session's run events folded into terminal text.
// Pure (no I/O, no React): the REPL (cli/chat.ts) feeds events in and writes
// what comes out. Tokens stream as they come; tool calls are one compact line
// (file + diff stat, a command and the tail of its output). Model text and
// command output are hostile: control sequences are stripped before printing.
import type { RunEvent } from '../lib/runs/events';
import { diffStat } from '../lib/tools/files';

export interface Style {
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  bold(s: string): string;
  /** The output is a terminal: a progress line is redrawn in place rather than repeated. */
  live: boolean;
}

const wrap = (on: string) => (s: string) => `\x1b[${on}m${s}\x1b[0m`;
export const COLOR: Style = { dim: wrap('2'), red: wrap('31'), green: wrap('32'), yellow: wrap('33'), bold: wrap('1'), live: true };
const same = (s: string) => s;
export const PLAIN: Style = { dim: same, red: same, green: same, yellow: same, bold: same, live: false };

/** Lines of a command's output shown under it. */
export const TAIL_LINES = 5;
const TAIL_KEEP = 8 * 1024;

export interface RenderState {
  /** Characters of each message already printed (deltas are applied by offset: replays do not repeat). */
  printed: Record<string, number>;
  /** Characters received per shell call and stream, and the tail kept for the result line. */
  received: Record<string, number>;
  tails: Record<string, string>;
  /** Whether the cursor is at the start of a line. */
  atLineStart: boolean;
  /** The kind of the last progress line shown (its label without numbers), so repeats are not printed. */
  progress: string;
  /** The cursor is at the end of a progress line that the next one redraws (live output only). */
  progressOpen: boolean;
  /** Each open call's arguments: tool_result does not repeat them, and its line names the file or command. */
  args: Record<string, unknown>;
}

export const initialRender: RenderState = { printed: {}, received: {}, tails: {}, atLineStart: true, progress: '', progressOpen: false, args: {} };

/**
 * Removes what would drive the terminal rather than show text: escape and
 * control sequences (a title change, a screen clear, a cursor jump) and C0/C1
 * controls other than newline and tab. Carriage returns become newlines.
 */
export function sanitize(text: string): string {
  return text
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g, '') // OSC: title, hyperlinks, clipboard
    .replace(/\x1b[P^_X][^\x1b]*(?:\x1b\\)?/g, '') // DCS, PM, APC, SOS
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '') // CSI: colours, cursor moves, clears
    .replace(/\x1b[@-_]?/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g, '');
}

const firstLine = (s: string) => s.split('\n').find((l) => l.trim())?.trim() ?? '';
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);


/** The last `n` non-empty lines of a command's output. */
export function tail(output: string, n = TAIL_LINES): string[] {
  const lines = sanitize(output).split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
  return lines.slice(-n);
}

const secs = (ms: number | undefined) => (ms === undefined ? '' : ms < 1000 ? `${Math.max(1, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`);

/** What a tool call is about, in a few words: its path, command, query or URL. */
export function toolSubject(tool: string, args: unknown): string {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  const pick = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  const subject = pick('path') || pick('command') || pick('query') || pick('url') || pick('name') || pick('symbol');
  return clip(sanitize(subject).replace(/\s+/g, ' ').trim(), 120);
}

/** The line printed when a shell command starts. */
export function shellCallLine(command: string, s: Style): string {
  return `  ${s.bold('$')} ${clip(sanitize(command).replace(/\n/g, ' ⏎ '), 200)}`;
}

/** The lines printed when a tool call ends: for run_shell the tail of its output and how it ended. */
export function toolResultLines(e: Extract<RunEvent, { type: 'tool_result' }>, args: unknown, output: string, s: Style): string[] {
  const subject = toolSubject(e.tool, args);
  const took = e.durationMs !== undefined ? s.dim(` · ${secs(e.durationMs)}`) : '';
  if (e.tool === 'run_shell') {
    // A command that never ran (declined, refused) has no output: its reason is the arrow's.
    const lines = tail(output).map((l) => s.dim(`    │ ${clip(l, 200)}`));
    const how = e.timedOut ? s.red('timed out') : e.killed ? s.yellow('stopped') : e.exitCode === 0 ? s.green('exit 0') : e.exitCode === undefined || e.exitCode === null ? (e.ok ? s.green('ok') : s.red(firstLine(sanitize(e.content)) || 'failed')) : s.red(`exit ${e.exitCode}`);
    return [...lines, `    → ${how}${took}`];
  }
  if (!e.ok) return [`  ${s.red('✗')} ${e.tool} ${subject}: ${clip(firstLine(sanitize(e.content)), 200)}`];
  if (e.diff !== undefined && (e.tool === 'write_file' || e.tool === 'edit_file' || e.files?.length)) {
    const paths = e.files?.length ? e.files.map((f) => f.path).join(', ') : subject;
    const syntax = e.syntaxErrors ? s.red(` · ${e.syntaxErrors} syntax error${e.syntaxErrors === 1 ? '' : 's'}`) : '';
    return [`  ${s.green('✎')} ${e.tool} ${sanitize(paths)} ${s.dim(`(${diffStat(e.diff)})`)}${syntax}${took}`];
  }
  return [`  ${s.dim('·')} ${e.tool}${subject ? ` ${subject}` : ''}${took}`];
}

/** The question asked at the prompt for an approval. */
export function approvalQuestion(e: Extract<RunEvent, { type: 'approval_requested' }>, s: Style): string {
  const note = e.note ? `\n  ${s.dim(sanitize(e.note))}` : '';
  return `  ${s.yellow('?')} ${e.tool} wants to run: ${s.bold(clip(sanitize(e.command), 400))}${note}`;
}

/** y/yes/n/no (any case); anything else is not an answer. */
export function parseAnswer(line: string): boolean | null {
  const a = line.trim().toLowerCase();
  if (a === 'y' || a === 'yes') return true;
  if (a === 'n' || a === 'no') return false;
  return null;
}

/**
 * Folds one event into the terminal: the new state and the text to write
 * (possibly empty). Token deltas are written as they are; everything else
 * starts on a line of its own.
 */
export function renderEvent(state: RenderState, e: RunEvent, s: Style): { state: RenderState; out: string } {
  const lines = (...ls: string[]) => {
    const text = ls.filter((l) => l !== '').map((l) => `${l}\n`).join('');
    if (!text) return { state, out: '' };
    return { state: { ...state, atLineStart: true, progressOpen: false }, out: (state.atLineStart ? '' : '\n') + text };
  };
  switch (e.type) {
    case 'message_delta': {
      const have = state.printed[e.messageId] ?? 0;
      if (e.offset > have || e.offset + e.text.length <= have) return { state, out: '' }; // a gap or a repeat
      const text = sanitize(e.text.slice(have - e.offset));
      const printed = { ...state.printed, [e.messageId]: e.offset + e.text.length };
      if (!text) return { state: { ...state, printed }, out: '' };
      return { state: { ...state, printed, atLineStart: text.endsWith('\n'), progressOpen: false }, out: (state.progressOpen ? '\n' : '') + text };
    }
    case 'message_done': {
      // Deltas missed (the stream connected late) are made up from the whole content.
      const have = state.printed[e.messageId] ?? 0;
      const rest = e.content.length > have ? sanitize(e.content.slice(have)) : '';
      const printed = { ...state.printed, [e.messageId]: Math.max(have, e.content.length) };
      const out = (rest && state.progressOpen ? '\n' : '') + rest + ((rest ? rest.endsWith('\n') : state.atLineStart) ? '' : '\n');
      return { state: { ...state, printed, atLineStart: true, progressOpen: false }, out };
    }
    case 'tool_call': {
      const withArgs = { ...state, args: { ...state.args, [e.callId]: e.args } };
      if (e.tool !== 'run_shell') return { state: withArgs, out: '' };
      const command = (e.args as { command?: unknown } | null)?.command;
      const r = lines(shellCallLine(typeof command === 'string' ? command : '', s));
      return { state: { ...withArgs, atLineStart: true, progressOpen: false }, out: r.out };
    }
    case 'tool_output': {
      const key = `${e.callId}:${e.stream}`;
      const have = state.received[key] ?? 0;
      if (e.offset > have || e.offset + e.text.length <= have) return { state, out: '' };
      const text = e.text.slice(have - e.offset);
      const kept = ((state.tails[e.callId] ?? '') + text).slice(-TAIL_KEEP);
      return { state: { ...state, received: { ...state.received, [key]: e.offset + e.text.length }, tails: { ...state.tails, [e.callId]: kept } }, out: '' };
    }
    case 'tool_result': {
      const r = lines(...toolResultLines(e, state.args[e.callId], state.tails[e.callId] ?? '', s));
      const { [e.callId]: _output, ...tails } = r.state.tails;
      const { [e.callId]: _args, ...args } = r.state.args;
      return { state: { ...r.state, tails, args }, out: r.out };
    }
    case 'approval_requested':
      return lines(approvalQuestion(e, s));
    case 'approval_resolved':
      return lines(e.approved ? `    ${s.green('approved')}` : `    ${s.red('denied')}`);
    case 'intent':
      return lines(s.dim(`  · ${e.intent}${e.reason ? `: ${clip(sanitize(e.reason), 160)}` : ''}`));
    case 'warning':
      return lines(`  ${s.yellow('!')} ${clip(sanitize(e.message), 400)}`);
    case 'salvage':
      return lines(s.dim(`  · recovered a tool call from ${e.model}'s text (${e.kind})`));
    case 'context_used':
      return e.items.length ? lines(s.dim(`  · context used: ${e.items.length} ${e.source === 'web' ? 'web result' : e.source === 'symbols' ? 'symbol' : 'chunk'}${e.items.length === 1 ? '' : 's'} (${e.tokens} tokens)`)) : { state, out: '' };
    case 'model_load':
      return lines(s.dim(`  · loaded ${e.model} in ${secs(e.durationMs)}`));
    case 'progress': {
      const label = sanitize(e.label).replace(/\s+/g, ' ').trim();
      // The label often carries the count already ("3/9 files · …"): it is not repeated.
      const count = e.total > 0 && !label.includes(`${e.done}/${e.total}`) ? ` ${e.done}/${e.total}` : '';
      const text = s.dim(`  · ${clip(label, 160)}${count}`);
      const kind = label.replace(/\d+/g, '#');
      if (s.live) {
        const lead = state.progressOpen ? '\r\x1b[K' : state.atLineStart ? '' : '\n';
        return { state: { ...state, progress: kind, progressOpen: true, atLineStart: false }, out: lead + text };
      }
      // Not a terminal: the first line of each step only; the run's summary says how it ended.
      if (kind === state.progress) return { state, out: '' };
      const r = lines(text);
      return { state: { ...r.state, progress: kind }, out: r.out };
    }
    case 'run_finished':
      return e.summary ? lines(s.dim(`  ${sanitize(e.summary)}`)) : lines();
    case 'run_failed':
      return lines(`  ${s.red('✗')} ${sanitize(e.error)}`);
    case 'run_cancelled':
      return lines(`  ${s.yellow('■')} stopped`);
    case 'run_interrupted':
      return lines(`  ${s.yellow('■')} interrupted: ${sanitize(e.reason)}`);
    default:
      return { state, out: '' };
  }
}

export interface SessionRow {
  id: string;
  title: string;
  updatedAt: number;
  workspacePath: string;
}

/** When, in words a person reads at a glance: "just now", "5 min ago", "3 h ago", else the date. */
export function when(ts: number, now: number): string {
  const s = Math.round((now - ts) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ts).toISOString().slice(0, 16).replace('T', ' ');
}

/** `ca sessions`: one line per session, newest first; ids in full so they can be pasted after --session. */
export function formatSessions(rows: SessionRow[], now: number): string {
  if (!rows.length) return 'No sessions yet. Start one: npm run ca -- chat --workspace DIR';
  const sorted = [...rows].sort((a, b) => b.updatedAt - a.updatedAt);
  const cells = sorted.map((r) => [r.id, when(r.updatedAt, now), sanitize(r.workspacePath), clip(sanitize(r.title).replace(/\s+/g, ' '), 60)]);
  const head = ['id', 'updated', 'workspace', 'title'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...cells.map(line)].join('\n');
}

export interface TranscriptLine {
  role: 'user' | 'assistant' | 'tool';
  content: string;
  partial?: boolean;
}

/** The end of the conversation, shown when a session is resumed: the last `n` user and assistant messages, long ones cut. */
export function formatTranscript(messages: TranscriptLine[], s: Style, n = 6, maxLines = 12): string[] {
  const shown = messages.filter((m) => m.role !== 'tool' && m.content.trim()).slice(-n);
  const out: string[] = [];
  for (const m of shown) {
    const lines = sanitize(m.content).trimEnd().split('\n');
    const cut = lines.length > maxLines ? [...lines.slice(0, maxLines), s.dim(`… (${lines.length - maxLines} more lines)`)] : lines;
    if (m.role === 'user') out.push(s.bold(`> ${cut[0]}`), ...cut.slice(1).map((l) => s.bold(`  ${l}`)));
    else out.push(...cut, ...(m.partial ? [s.dim('  [reply interrupted]')] : []));
    out.push('');
  }
  return out;
}
