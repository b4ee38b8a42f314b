import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from '../../lib/bench/args';

const KNOWN = ['req_01', 'req_02', 'req_03'];

describe('parseBenchArgs', () => {
  it('parses the documented command line', () => {
    expect(parseBenchArgs(['--req', 'req_01', '--runner', 'code-assistant', '--runner', 'claude', '--samples', '3'], KNOWN))
      .toEqual({ reqs: ['req_01'], runners: ['code-assistant', 'claude'], samples: 3 });
    expect(parseBenchArgs(['--req=req_02', '--runner=claude', '--steps=5'], KNOWN)).toEqual({ reqs: ['req_02'], runners: ['claude'], samples: 1, steps: 5 });
  });

  it('rejects what it does not know, naming the fix', () => {
    expect(parseBenchArgs(['-req', 'req_01'], KNOWN)).toEqual({ error: 'Unknown option -req: long options take two dashes. Did you mean --req?' });
    expect(parseBenchArgs(['--sample', '3'], KNOWN)).toMatchObject({ error: expect.stringContaining('Did you mean --samples?') });
    expect(parseBenchArgs(['--req', 'req_09', '--runner', 'claude'], KNOWN)).toMatchObject({ error: expect.stringContaining('Unknown requirement "req_09"') });
    expect(parseBenchArgs(['--req', 'req_01', '--runner', 'gpt'], KNOWN)).toMatchObject({ error: expect.stringContaining('Unknown runner "gpt"') });
    expect(parseBenchArgs(['--req', 'req_01', '--runner', 'claude', '--samples', '0'], KNOWN)).toMatchObject({ error: expect.stringContaining('--samples must be') });
    expect(parseBenchArgs(['--req', '--runner', 'claude'], KNOWN)).toEqual({ error: '--req needs a value.' });
    expect(parseBenchArgs(['--req', 'req_01'], KNOWN)).toMatchObject({ error: expect.stringContaining('--runner') });
    expect(parseBenchArgs(['--help'], KNOWN)).toEqual({ help: true });
  });
});
