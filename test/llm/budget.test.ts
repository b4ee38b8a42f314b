import { describe, expect, it } from 'vitest';
import {
  type ChatMessage,
  estimateMessage,
  estimateMessages,
  estimateTokens,
  estimateTools,
  fitMessages,
  MESSAGE_OVERHEAD,
  REPLY_PRIMER,
  TRIMMED_STUB,
  truncationSuspected,
} from '../../lib/llm/budget';

const PROSE =
  'The assistant reduced my coding effort by roughly seventy percent. The remaining thirty percent was troubleshooting: ' +
  'reading compiler errors, fixing edge cases, and correcting the occasional hallucinated filename. ';
const CODE = `fn main() {
    let matches = match Command::new("nslookup").try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return Err(e.to_string()),
    };
    println!("{:?}", matches.get_one::<String>("host"));
}
`;

describe('estimateTokens', () => {
  it('is zero for nothing and grows with text', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('hello')).toBe(1);
    expect(estimateTokens(PROSE.repeat(2))).toBeGreaterThan(estimateTokens(PROSE));
  });

  it('gives about 4-5 chars per token for English and about 3 for code', () => {
    const prose = PROSE.length / estimateTokens(PROSE);
    const code = CODE.length / estimateTokens(CODE);
    expect(prose).toBeGreaterThan(3.8);
    expect(prose).toBeLessThan(5.5);
    expect(code).toBeGreaterThan(2.2);
    expect(code).toBeLessThan(3.6);
  });

  it('counts digits one by one (Qwen splits numbers) and non-ASCII per unit', () => {
    expect(estimateTokens('1234567890')).toBe(10);
    expect(estimateTokens('数据库连接')).toBe(5);
  });

  it('is roughly additive, so per-message sums are fair', () => {
    const a = estimateTokens(PROSE);
    const b = estimateTokens(CODE);
    expect(Math.abs(estimateTokens(PROSE + CODE) - (a + b))).toBeLessThanOrEqual(2);
  });
});

describe('estimateMessages', () => {
  it('adds per-message overhead, the reply primer, tool calls and tool schemas', () => {
    expect(estimateMessages([])).toBe(REPLY_PRIMER);
    const user: ChatMessage = { role: 'user', content: 'hello' };
    expect(estimateMessage(user)).toBe(MESSAGE_OVERHEAD + 1);
    const call: ChatMessage = {
      role: 'assistant',
      content: '',
      tool_calls: [{ function: { name: 'write_file', arguments: { path: 'src/main.rs', content: CODE } } }],
    };
    expect(estimateMessage(call)).toBeGreaterThan(estimateTokens(CODE));
    const tools = [
      {
        type: 'function',
        function: {
          name: 'read_file',
          description: 'Read a file in the workspace',
          parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        },
      },
    ];
    expect(estimateTools([])).toBe(0);
    expect(estimateTools(tools)).toBeGreaterThan(100);
    expect(estimateMessages([user, call], tools)).toBe(REPLY_PRIMER + estimateMessage(user) + estimateMessage(call) + estimateTools(tools));
  });
});

// ------------------------------------------------------------------ fitting

const big = (label: string, kb: number) => `${label}\n${'error[E0425]: cannot find value `x` in this scope\n'.repeat(kb * 20)}`;
const sys: ChatMessage = { role: 'system', content: 'You are the Implementer. Use tools to write files.' };
const user = (content: string): ChatMessage => ({ role: 'user', content });
const callMsg = (name: string, args: Record<string, unknown>, content = ''): ChatMessage => ({
  role: 'assistant',
  content,
  tool_calls: [{ function: { name, arguments: args } }],
});
const tool = (name: string, content: string): ChatMessage => ({ role: 'tool', tool_name: name, content });
const say = (content: string): ChatMessage => ({ role: 'assistant', content });

/** Two turns; the current one has three steps, the last one pending. */
function history(): ChatMessage[] {
  return [
    sys, // 0
    user('Write a calculator in calc.py'), // 1
    callMsg('run_shell', { command: 'python calc.py' }), // 2
    tool('run_shell', big('old-1', 4)), // 3
    say('Done: calc.py works.'), // 4
    user('Now implement nslookup in Rust'), // 5
    callMsg('run_shell', { command: 'cargo build' }), // 6
    tool('run_shell', big('old-2', 4)), // 7
    callMsg('read_file', { path: 'src/nslookup.rs' }), // 8
    tool('read_file', big('old-3', 4)), // 9
    callMsg('run_shell', { command: 'cargo build' }), // 10
    tool('run_shell', big('pending', 4)), // 11
  ];
}

const total = (m: ChatMessage[]) => estimateMessages(m);

describe('fitMessages', () => {
  it('returns the history untouched when it fits', () => {
    const messages = history();
    const r = fitMessages({ messages, numCtx: 100_000, reserveForReply: 2048 });
    expect(r.messages).toEqual(messages);
    expect(r.messages.every((m, i) => m === messages[i])).toBe(true);
    expect(r).toMatchObject({ trimmed: { toolOutputs: 0, messages: 0 }, fits: true, estimatedTokens: total(messages) });
  });

  it('stubs the oldest tool outputs first and keeps every message', () => {
    const messages = history();
    const stubSaves = estimateMessage(messages[3]) - estimateMessage({ ...messages[3], content: TRIMMED_STUB });
    const numCtx = total(messages) + 1000 - stubSaves + 10; // one stub is enough
    const r = fitMessages({ messages, numCtx, reserveForReply: 1000 });
    expect(r.trimmed).toEqual({ toolOutputs: 1, messages: 0 });
    expect(r.messages).toHaveLength(messages.length);
    expect(r.messages[3].content).toBe(TRIMMED_STUB);
    expect(r.messages[3].tool_name).toBe('run_shell');
    expect(r.messages[7].content).toBe(messages[7].content);
    expect(r.fits).toBe(true);
  });

  it('never stubs the pending tool output, then drops old turns, then old steps', () => {
    const messages = history();
    const stub = (m: ChatMessage) => ({ ...m, content: TRIMMED_STUB });
    // Room for the current turn with its old outputs stubbed: the first turn must go.
    const currentTurn = [sys, messages[5], messages[6], stub(messages[7]), messages[8], stub(messages[9]), messages[10], messages[11]];
    let r = fitMessages({ messages, numCtx: total(currentTurn) + 100, reserveForReply: 100 });
    expect(r.messages).toEqual(currentTurn);
    expect(r.trimmed).toEqual({ toolOutputs: 2, messages: 4 });
    expect(r.fits).toBe(true);
    // Tighter: the earlier steps of the current turn go too, oldest first.
    const lastStep = [sys, messages[5], messages[8], stub(messages[9]), messages[10], messages[11]];
    r = fitMessages({ messages, numCtx: total(lastStep) + 50, reserveForReply: 50 });
    expect(r.messages).toEqual(lastStep);
    expect(r.trimmed).toEqual({ toolOutputs: 1, messages: 6 });
    const essentials = [sys, messages[5], messages[10], messages[11]];
    r = fitMessages({ messages, numCtx: total(essentials) + 50, reserveForReply: 50 });
    expect(r.messages).toEqual(essentials);
    expect(r.trimmed).toEqual({ toolOutputs: 0, messages: 8 });
    expect(r.fits).toBe(true);
    expect(r.messages[3]).toBe(messages[11]); // the pending output, whole
  });

  it('reports fits: false when even the essentials do not fit, keeping them', () => {
    const messages = history();
    const r = fitMessages({ messages, numCtx: 2000, reserveForReply: 512, toolsTokens: 400 });
    expect(r.fits).toBe(false);
    expect(r.messages).toEqual([sys, messages[5], messages[10], messages[11]]);
    expect(r.estimatedTokens).toBe(total(r.messages) + 400);
  });

  it('keeps pinned messages, e.g. the task when a nudge came after it', () => {
    const messages = [
      sys,
      user('Implement nslookup in src/nslookup.rs'),
      say(`Here is the code:\n${big('explained', 4)}`),
      user('You described the change but did not call a tool. Call write_file now.'),
      callMsg('write_file', { path: 'src/nslookup.rs', content: 'fn main() {}' }),
      tool('write_file', 'wrote src/nslookup.rs'),
    ];
    const kept = [sys, messages[1], messages[3], messages[4], messages[5]];
    const r = fitMessages({ messages, numCtx: total(kept) + 100, reserveForReply: 100, pinned: [1] });
    expect(r.messages).toEqual(kept); // the explanation went, the task stayed
    expect(r.trimmed).toEqual({ toolOutputs: 0, messages: 1 });
    expect(r.fits).toBe(true);
    const unpinned = fitMessages({ messages, numCtx: total(kept) + 100, reserveForReply: 100 });
    expect(unpinned.messages).toEqual([sys, messages[3], messages[4], messages[5]]);
  });

  it('holds its invariants over many histories and window sizes', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let run = 0; run < 200; run++) {
      const messages: ChatMessage[] = [sys];
      const turns = 1 + rand(4);
      for (let t = 0; t < turns; t++) {
        messages.push(user(`task ${run}.${t} ${'detail '.repeat(rand(50))}`));
        const steps = rand(4);
        for (let s = 0; s < steps; s++) {
          const calls = 1 + rand(2);
          messages.push({
            role: 'assistant',
            content: rand(2) ? '' : 'thinking aloud '.repeat(rand(30)),
            tool_calls: Array.from({ length: calls }, (_, k) => ({ function: { name: 'read_file', arguments: { path: `f${s}${k}.rs` } } })),
          });
          for (let k = 0; k < calls; k++) messages.push(tool('read_file', big(`out ${t}.${s}.${k}`, rand(3))));
        }
        if (rand(2)) messages.push(say('answer '.repeat(rand(40))));
      }
      const snapshot = JSON.stringify(messages);
      const numCtx = 300 + rand(12_000);
      const reserveForReply = rand(512);
      const toolsTokens = rand(300);
      const r = fitMessages({ messages, numCtx, reserveForReply, toolsTokens });
      const out = r.messages;

      expect(JSON.stringify(messages)).toBe(snapshot); // input untouched
      expect(out[0]).toBe(sys);
      const lastUser = messages.filter((m) => m.role === 'user').at(-1)!;
      expect(out).toContain(lastUser);
      expect(r.estimatedTokens).toBe(estimateMessages(out) + toolsTokens);
      expect(r.fits).toBe(r.estimatedTokens + reserveForReply <= numCtx);
      // Order kept: each output message maps to an increasing original index.
      let at = -1;
      for (const m of out) {
        const i = messages.findIndex((o, k) => k > at && o.role === m.role && (o === m || m.content === TRIMMED_STUB));
        expect(i).toBeGreaterThan(at);
        at = i;
      }
      // Pairing: every assistant with N tool calls is followed by exactly N tool messages, and no tool message is orphaned.
      for (let i = 0; i < out.length; i++) {
        if (out[i].role === 'tool') expect(['assistant', 'tool']).toContain(out[i - 1].role);
        const n = out[i].tool_calls?.length ?? 0;
        for (let k = 1; k <= n; k++) expect(out[i + k]?.role).toBe('tool');
      }
      // Trailing tool outputs are never stubbed.
      for (let i = out.length - 1; i >= 0 && out[i].role === 'tool'; i--) expect(out[i].content).not.toBe(TRIMMED_STUB);
      expect(r.trimmed.toolOutputs).toBe(out.filter((m) => m.content === TRIMMED_STUB).length);
      expect(r.trimmed.messages).toBe(messages.length - out.length);
      // Order of trimming: nothing dropped while a non-trailing tool output could still be stubbed.
      if (r.trimmed.messages > 0) {
        let trailing = messages.length;
        while (trailing > 0 && messages[trailing - 1].role === 'tool') trailing--;
        const stubbable = messages.filter((m, i) => i < trailing && m.role === 'tool' && m.content.length > TRIMMED_STUB.length);
        for (const s of stubbable) expect(out).not.toContain(s);
      }
    }
  });
});

describe('truncationSuspected', () => {
  const ctx = 8192;
  const cases: [number, number | undefined, boolean, string][] = [
    // [estimate, prompt_eval_count, expected, why]
    [3000, 2950, false, 'fits, count agrees'],
    [3000, 120, false, 'prefix cache on a follow-up call (older Ollama counts new tokens only)'],
    [7000, 7900, true, 'count says the window was full'],
    [8000, 7500, true, 'estimate and count both near the limit'],
    [12_000, 4098, true, 'runner kept half the window: num_ctx/2 + 2'],
    [12_000, 2000, false, 'low count alone is no proof (cache, or Ollama dropped messages; fitMessages warned)'],
    [7500, 4099, true, 'half-window count, and our estimate ran a little low'],
    [6000, 4098, false, 'half-window count but the estimate fits well'],
    [9000, undefined, false, 'no count: fully cached prompt on old Ollama'],
    [9000, 0, false, 'zero count'],
  ];
  it.each(cases)('estimate %i, count %s -> %s (%s)', (estimate, count, expected) => {
    expect(truncationSuspected(estimate, count, ctx)).toBe(expected);
  });
});
