import { describe, expect, it } from 'vitest';
import type { EventBody, RunEvent } from '../lib/runs/events';
import { activeTurn, applyEvent, applyEvents, canRevert, emptyView, type MessageItem, type ToolItem } from '../lib/runs/view';

// Builds events the way the server does: persisted ones get increasing ids,
// live deltas and output chunks get id 0.
function log(runId = 'r1') {
  let id = 0;
  let seq = 0;
  return {
    persisted: (body: EventBody): RunEvent => ({ ...body, id: ++id, runId, sessionId: 's1', seq: ++seq, ts: 1000 + seq }) as RunEvent,
    live: (body: EventBody): RunEvent => ({ ...body, id: 0, runId, sessionId: 's1', seq: 0, ts: 2000 }) as RunEvent,
  };
}

function history(): RunEvent[] {
  const { persisted: p } = log();
  return [
    p({ type: 'run_started', kind: 'chat', input: 'add a readme', sessionId: 's1' }),
    p({ type: 'intent', intent: 'implementation', reason: 'wants a file', model: 'llama3.2' }),
    p({ type: 'message_started', messageId: 'm1', persona: 'implementer', model: 'llama3.2' }),
    p({ type: 'message_delta', messageId: 'm1', offset: 0, text: 'Writing ' }),
    p({ type: 'message_delta', messageId: 'm1', offset: 8, text: 'it now.' }),
    p({ type: 'message_done', messageId: 'm1', content: 'Writing it now.' }),
    p({ type: 'tool_call', callId: 'c1', tool: 'write_file', args: { path: 'README.md', content: '# hi\n' } }),
    p({ type: 'salvage', kind: 'fenced_file', model: 'llama3.2' }),
    p({
      type: 'tool_result', callId: 'c1', tool: 'write_file', ok: true, content: 'wrote README.md',
      files: [{ path: 'README.md', before: null, after: '# hi\n' }], diff: '--- a\n+++ b\n+# hi\n',
    }),
    p({ type: 'warning', code: 'context_trimmed', message: 'older turns left out' }),
    p({ type: 'run_finished' }),
  ];
}

describe('applyEvent', () => {
  it('builds a turn with its items in order', () => {
    const v = applyEvents(emptyView, history());
    expect(v.turns).toHaveLength(1);
    const t = v.turns[0]!;
    expect(t.input).toBe('add a readme');
    expect(t.status).toBe('finished');
    expect(t.items.map((i) => i.kind)).toEqual(['intent', 'message', 'tool', 'salvage', 'warning']);
    expect((t.items[1] as MessageItem).text).toBe('Writing it now.');
    const tool = t.items[2] as ToolItem;
    expect(tool.result?.diff).toContain('+# hi');
    expect(t.filesChanged).toEqual(['README.md']);
    expect(canRevert(t)).toBe(true);
    expect(v.lastId).toBe(11);
  });

  it('keeps what a finished run reported: the figures of an /index run', () => {
    const { persisted: p } = log();
    const v = applyEvents(emptyView, [
      p({ type: 'run_started', kind: 'index', input: '/index src/', sessionId: 's1' }),
      p({ type: 'progress', label: '2/2 files', done: 2, total: 2 }),
      p({ type: 'run_finished', summary: 'Indexed 2 files: 5 chunks (0 embedded in 0 calls, 5 unchanged), in 0.1 s.' }),
    ]);
    expect(v.turns[0]!.summary).toBe('Indexed 2 files: 5 chunks (0 embedded in 0 calls, 5 unchanged), in 0.1 s.');
  });

  it('gives the same state when the history is replayed twice', () => {
    const once = applyEvents(emptyView, history());
    const twice = applyEvents(once, history());
    expect(twice).toBe(once);
    expect(applyEvents(emptyView, [...history(), ...history()])).toEqual(once);
  });

  it('applies deltas by offset: duplicates, overlaps and gaps change nothing wrong', () => {
    const { persisted: p, live } = log();
    let v = applyEvents(emptyView, [
      p({ type: 'run_started', kind: 'chat', input: 'hi', sessionId: 's1' }),
      p({ type: 'message_started', messageId: 'm1', persona: 'architect', model: 'm' }),
    ]);
    const d = (offset: number, text: string) => live({ type: 'message_delta', messageId: 'm1', offset, text });
    v = applyEvents(v, [d(0, 'Hel'), d(3, 'lo'), d(0, 'Hel'), d(3, 'lo'), d(9, 'gap!'), d(5, ' wor')]);
    const text = () => (v.turns[0]!.items[0] as MessageItem).text;
    expect(text()).toBe('Hello wor');
    // The persisted, coalesced copy (a reconnect replay) overlaps what was live.
    v = applyEvent(v, p({ type: 'message_delta', messageId: 'm1', offset: 0, text: 'Hello' }));
    expect(text()).toBe('Hello wor');
    v = applyEvent(v, p({ type: 'message_delta', messageId: 'm1', offset: 0, text: 'Hello world' }));
    expect(text()).toBe('Hello world');
    expect(v.turns[0]!.status).toBe('running');
    expect(activeTurn(v)?.runId).toBe('r1');
  });

  it('accumulates shell output per stream, in arrival order, once', () => {
    const { persisted: p, live } = log();
    const out = (stream: 'stdout' | 'stderr', offset: number, text: string) => live({ type: 'tool_output', callId: 'c1', stream, offset, text });
    let v = applyEvents(emptyView, [
      p({ type: 'run_started', kind: 'chat', input: 'test', sessionId: 's1' }),
      p({ type: 'tool_call', callId: 'c1', tool: 'run_shell', args: { command: 'make' } }),
      out('stdout', 0, 'a\n'),
      out('stderr', 0, 'oops\n'),
      out('stdout', 2, 'b\n'),
      out('stdout', 2, 'b\n'),
    ]);
    // Persisted coalesced chunks replayed after a reconnect add only what is new.
    v = applyEvents(v, [
      p({ type: 'tool_output', callId: 'c1', stream: 'stdout', offset: 0, text: 'a\nb\nc\n' }),
      p({ type: 'tool_output', callId: 'c1', stream: 'stderr', offset: 0, text: 'oops\n' }),
      p({ type: 'tool_result', callId: 'c1', tool: 'run_shell', ok: false, content: 'exit 2', exitCode: 2 }),
    ]);
    const tool = v.turns[0]!.items[0] as ToolItem;
    expect(tool.output).toBe('a\n\x1b[31moops\n\x1b[0mb\nc\n');
    expect(tool.received).toEqual({ stdout: 6, stderr: 5 });
    expect(tool.result?.exitCode).toBe(2);
    expect(v.turns[0]!.filesChanged).toEqual([]);
  });

  it('marks a turn reverted', () => {
    const { persisted: p } = log();
    let v = applyEvents(emptyView, history());
    // The revert is appended to the same run's log later (ids continue past the history).
    for (let i = 0; i < 11; i++) p({ type: 'warning', code: 'x', message: 'skip ids' });
    v = applyEvent(v, p({ type: 'reverted', files: [{ path: 'README.md', before: '# hi\n', after: null }], conflicts: [] }));
    expect(v.turns[0]!.reverted).toEqual({ files: ['README.md'], conflicts: [] });
    expect(canRevert(v.turns[0]!)).toBe(false);
  });

  it('records failures with their error and keeps a partial reply', () => {
    const { persisted: p, live } = log('r2');
    const v = applyEvents(emptyView, [
      p({ type: 'run_started', kind: 'quick', input: 'hello', sessionId: 's1' }),
      p({ type: 'message_started', messageId: 'm1', persona: 'quick', model: 'm' }),
      live({ type: 'message_delta', messageId: 'm1', offset: 0, text: 'Hi th' }),
      p({ type: 'message_done', messageId: 'm1', content: 'Hi th', partial: true }),
      p({ type: 'run_failed', error: 'Ollama is not reachable at http://127.0.0.1:11434' }),
    ]);
    const t = v.turns[0]!;
    expect(t.kind).toBe('quick');
    expect(t.status).toBe('failed');
    expect(t.error).toMatch(/not reachable/);
    expect((t.items[0] as MessageItem).partial).toBe(true);
    expect(activeTurn(v)).toBeUndefined();
  });

  it('tracks approvals and separate runs as separate turns', () => {
    const a = log('r1');
    const b = log('r2');
    let v = applyEvents(emptyView, [
      a.persisted({ type: 'run_started', kind: 'chat', input: 'one', sessionId: 's1' }),
      a.persisted({ type: 'run_cancelled', reason: 'stopped by the user' }),
    ]);
    // r2's ids continue after r1's in the real log.
    const start = b.persisted({ type: 'run_started', kind: 'chat', input: 'two', sessionId: 's1' });
    const req = b.persisted({ type: 'approval_requested', callId: 'c9', tool: 'run_shell', command: 'rm -rf build' });
    const res = b.persisted({ type: 'approval_resolved', callId: 'c9', approved: false });
    v = applyEvents(v, [start, req, res].map((e, i) => ({ ...e, id: 10 + i })));
    expect(v.turns.map((t) => [t.input, t.status])).toEqual([['one', 'cancelled'], ['two', 'running']]);
    expect(v.turns[1]!.items[0]).toMatchObject({ kind: 'approval', command: 'rm -rf build', approved: false });
  });
});

describe('context and progress items', () => {
  it('shows retrieved context and keeps one progress line per turn', async () => {
    const { applyEvents, emptyView } = await import('../lib/runs/view');
    const base = { runId: 'r1', sessionId: 's', ts: 1 };
    const events = [
      { ...base, id: 1, seq: 1, type: 'run_started', kind: 'index', input: '/index .', sessionId: 's' },
      { ...base, id: 2, seq: 2, type: 'progress', label: 'embedding', done: 1, total: 4 },
      { ...base, id: 3, seq: 3, type: 'progress', label: 'embedding', done: 4, total: 4 },
      { ...base, id: 4, seq: 4, type: 'context_used', source: 'rag', items: [{ path: 'calc.py', startLine: 1, endLine: 5, score: 0.9 }], tokens: 40 },
    ] as never[];
    const view = applyEvents(emptyView, events);
    const items = view.turns[0].items;
    expect(items.filter((i) => i.kind === 'progress')).toEqual([{ kind: 'progress', id: 'progress', label: 'embedding', done: 4, total: 4 }]);
    expect(items.find((i) => i.kind === 'context')).toMatchObject({ source: 'rag', items: [{ path: 'calc.py', startLine: 1 }] });
  });
});
