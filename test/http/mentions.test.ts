// Request text, tool output and model replies are hostile input: every regex
// over them must be linear. Each adversarial input below took seconds to
// hours with the old patterns (quadratic backtracking); the hang guard runs it
// in a child process that is killed after 20 s.
import { describe, expect, it } from 'vitest';
import { mentionedIn } from '../../lib/agents/context';
import { bestOf, runGuarded } from './linear';

describe('mentionedIn', () => {
  it('finds paths and identifiers as before', () => {
    expect(mentionedIn('Fix src/lib/dns_resolver.rs and calc.py, then update parseArgs and TerminalState in ./app/main.tsx.')).toEqual([
      'src/lib/dns_resolver.rs', 'calc.py', './app/main.tsx', 'dns_resolver', 'parseArgs', 'TerminalState',
    ]);
    expect(mentionedIn('see foo.js/bar and x.rs..y.py; not a.b2 or .gitignore')).toEqual(['foo.js', 'x.rs..y.py']);
    expect(mentionedIn('nothing here')).toEqual([]);
  });

  it('stops at 20 mentions and skips tokens longer than any real path', () => {
    const many = Array.from({ length: 30 }, (_, i) => `f${i}.ts`).join(' ');
    expect(mentionedIn(many)).toHaveLength(20);
    expect(mentionedIn(`${'a'.repeat(300)}.ts ok.ts`)).toEqual(['ok.ts']);
  });

  it('a 2 MB single word completes (it hung the server before)', () => {
    expect(runGuarded('lib/agents/mentions.ts', `mod.mentionedIn('a'.repeat(2_000_000) + '.x' + 'b'.repeat(10)).length`)).toBe('0');
    expect(runGuarded('lib/agents/mentions.ts', `mod.mentionedIn('Aa'.repeat(1_000_000) + ' x_y').length`)).toBe('1');
  });

  it('a 40 KB single word costs about what 40 KB of prose costs (linear, not quadratic)', () => {
    const word = 'a'.repeat(40_000);
    const prose = 'see the file now '.repeat(2_400).slice(0, 40_000);
    const tWord = bestOf(5, () => mentionedIn(word));
    const tProse = bestOf(5, () => mentionedIn(prose));
    // The old pattern: ~4 s for the word against well under 10 ms for the prose.
    expect(tWord / Math.max(tProse, 0.05)).toBeLessThan(50);
  });
});

describe('regexes over tool output and model replies', () => {
  it('looksLikeError on a 1 MB line of dotted words', () => {
    expect(runGuarded('lib/tools/output.ts', `[mod.looksLikeError('a.'.repeat(500_000)), mod.looksLikeError('x'.repeat(500_000) + ' src/a.rs:3')]`)).toBe('[false,true]');
  });

  it('fence lines, first-line file names and unclosed <parameter> tags', () => {
    const out = runGuarded('lib/llm/recovery/index.ts', `[
      mod.recoverToolCalls('\`\`\`x' + ' '.repeat(300_000) + 'y\\n', ['write_file']).calls.length,
      mod.recoverToolCalls('\`\`\`\\n# x' + ' '.repeat(300_000) + 'y\\nz\\n\`\`\`\\n', ['write_file']).calls.length,
      mod.recoverToolCalls('<function=write_file>' + '<parameter=a>'.repeat(80_000) + '</function>', ['write_file']).calls.length,
      mod.looksLikeExplainingInsteadOfActing('save' + ' '.repeat(300_000) + 'x'),
    ]`);
    expect(out).toBe('[0,0,1,false]');
  });

  it('<parameter> values are still read up to their closing tag', async () => {
    const { recoverToolCalls } = await import('../../lib/llm/recovery');
    const r = recoverToolCalls('<function=write_file><parameter=path>a.py</parameter><parameter=content>\nprint(1)\n</parameter></function>', ['write_file']);
    expect(r.calls[0]?.arguments).toEqual({ path: 'a.py', content: 'print(1)' });
  });
});
