import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { defineTool, expectedShape, validateArgs } from '../../lib/tools/define';
import { allTools, runTool } from '../../lib/tools';
import type { Tool } from '../../lib/tools/types';
import { makeCtx, makeWorkspace, read } from './helpers';
import { existsSync } from 'node:fs';
import path from 'node:path';

const probe = defineTool({
  name: 'probe',
  description: 'A tool for the tests, e.g. {"path": "a"}.',
  args: z.object({
    path: z.string().describe('A path.'),
    count: z.int().optional().describe('How many.'),
    ratio: z.number().optional().describe('A ratio.'),
    flag: z.boolean().optional().describe('A flag.'),
    mode: z.enum(['fast', 'slow']).optional().describe('How.'),
    tags: z.array(z.string()).optional().describe('Labels.'),
    k: z.int().min(1).max(20).optional().describe('At most 20.'),
    label: z.string().refine((s) => !s.includes('/'), 'must not contain "/"').optional(),
  }),
  run: async (args) => ({ ok: true, content: JSON.stringify(args) }),
});

const check = (raw: unknown) => validateArgs(probe, raw);

describe('defineTool: the schema the model reads', () => {
  it('is plain JSON schema: type, properties with type and description, required; no zod noise', () => {
    expect(probe.parameters).toEqual({
      type: 'object',
      properties: {
        path: { type: 'string', description: 'A path.' },
        count: { type: 'integer', description: 'How many.' },
        ratio: { type: 'number', description: 'A ratio.' },
        flag: { type: 'boolean', description: 'A flag.' },
        mode: { type: 'string', enum: ['fast', 'slow'], description: 'How.' },
        tags: { type: 'array', items: { type: 'string' }, description: 'Labels.' },
        k: { type: 'integer', minimum: 1, maximum: 20, description: 'At most 20.' },
        label: { type: 'string' },
      },
      required: ['path'],
    });
    expect(JSON.stringify(probe.parameters)).not.toMatch(/\$schema|additionalProperties|9007199254740991/);
  });

  it('keeps an empty required list and every tool in the registry free of zod noise', () => {
    const none = defineTool({ name: 'none', description: 'x', args: z.object({ a: z.string().optional() }), run: async () => ({ ok: true, content: '' }) });
    expect(none.parameters.required).toEqual([]);
    for (const t of allTools) {
      const text = JSON.stringify(t.parameters);
      expect(text).not.toMatch(/\$schema|additionalProperties|9007199254740991/);
      for (const [name, p] of Object.entries(t.parameters.properties)) {
        expect((p as { description?: string }).description, `${t.name}.${name}`).toMatch(/\w/);
        expect((p as { type?: string }).type, `${t.name}.${name}`).toMatch(/^(string|integer|number|boolean|array|object)$/);
      }
    }
  });

  it('describes the shape from the same declaration', () => {
    expect(expectedShape(probe)).toBe(
      '{"path": string, "count"?: integer, "ratio"?: number, "flag"?: boolean, "mode"?: "fast" | "slow", "tags"?: string[], "k"?: integer, "label"?: string}',
    );
  });
});

describe('validateArgs: gentle coercions', () => {
  it('turns numeric strings into numbers, scalars into strings, "true"/"false" into booleans', () => {
    expect(check({ path: 7, count: ' 5 ', ratio: '0.5', flag: 'false' }).args).toEqual({ path: '7', count: 5, ratio: 0.5, flag: false });
    expect(check({ path: true, mode: 'slow', tags: ['a'] }).args).toEqual({ path: 'true', mode: 'slow', tags: ['a'] });
  });

  it('treats null as not given, and drops arguments the tool does not have', () => {
    expect(check({ path: 'a', count: null, mode: null, junk: 1 }).args).toEqual({ path: 'a' });
    expect(check({ path: null }).error).toBe(`Invalid arguments for probe: missing required argument "path". Expected: ${expectedShape(probe)}`);
    expect(check('').error).toMatch(/missing required argument "path"/);
    expect(check(undefined).error).toMatch(/missing required argument "path"/);
  });
});

describe('validateArgs: messages the model can act on', () => {
  const msg = (raw: unknown) => check(raw).error?.replace(/^Invalid arguments for probe: /, '').replace(/\. Expected: .*$/, '');

  it('names the argument, what it must be and what came, as the model sent it', () => {
    expect(msg({ path: 'a', count: '2.5' })).toBe('argument "count" must be an integer, got string "2.5"');
    expect(msg({ path: 'a', count: 2.5 })).toBe('argument "count" must be an integer, got number 2.5');
    expect(msg({ path: 'a', ratio: 'half' })).toBe('argument "ratio" must be a number, got string "half"');
    expect(msg({ path: 'a', ratio: '' })).toBe('argument "ratio" must be a number, got string ""');
    expect(msg({ path: 'a', flag: 'yes' })).toBe('argument "flag" must be true or false, got string "yes"');
    expect(msg({ path: { x: 1 } })).toBe('argument "path" must be a string, got object {"x":1}');
    expect(msg({ path: 'a', tags: 'x' })).toBe('argument "tags" must be an array, got string "x"');
    expect(msg({ path: 'a', tags: ['x', 2] })).toBe('argument "tags" must be an array of strings, got array ["x",2]');
    expect(msg({ path: 'a', mode: 'medium' })).toBe('argument "mode" must be one of "fast", "slow"');
    expect(msg({ path: 'a', k: 25 })).toBe('argument "k" must be at most 20, got number 25');
    expect(msg({ path: 'a', k: '0' })).toBe('argument "k" must be at least 1, got string "0"');
    expect(msg({ path: 'a', label: 'a/b' })).toBe('argument "label": must not contain "/"');
  });

  it('cuts a long value short in the message', () => {
    const m = msg({ path: 'a', count: 'x'.repeat(5000) })!;
    expect(m.length).toBeLessThan(120);
    expect(m).toMatch(/^argument "count" must be an integer, got string "xxx/);
  });

  it('reports the first bad argument in declaration order', () => {
    expect(msg({ flag: 'maybe', count: 'x' })).toBe('missing required argument "path"');
    expect(msg({ path: 'a', flag: 'maybe', count: 'x' })).toBe('argument "count" must be an integer, got string "x"');
  });

  it('refuses what is not an object', () => {
    expect(msg('{"path": ')).toBe('arguments are not valid JSON');
    expect(msg('null')).toBe('arguments must be a JSON object, got null');
    expect(msg('"a"')).toBe('arguments must be a JSON object, got string');
    expect(msg(42)).toBe('arguments must be a JSON object, got number');
  });
});

describe('hostile arguments', () => {
  it('a smuggled __proto__ does not supply a missing argument', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', '{"__proto__": {"content": "pwned"}, "path": "a.txt"}', makeCtx(ws));
    expect(r).toEqual({ ok: false, content: 'Invalid arguments for write_file: missing required argument "content". Expected: {"path": string, "content": string}' });
    expect(existsSync(path.join(ws, 'a.txt'))).toBe(false);
    expect(({} as Record<string, unknown>).content).toBeUndefined();
  });

  it('keys like constructor and toString are plain unknown arguments', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('write_file', { constructor: 1, toString: 'x', path: 'a.txt', content: 'ok' }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(await read(ws, 'a.txt')).toBe('ok');
  });
});

describe('a tool described by JSON schema alone', () => {
  const jsonOnly: Tool = {
    name: 'json_only',
    description: 'e.g. {"q": "x"}',
    parameters: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'integer' } }, required: ['q'] },
    run: async (args) => ({ ok: true, content: JSON.stringify(args) }),
  };

  it('is checked and coerced against that schema with the same messages', () => {
    expect(validateArgs(jsonOnly, { q: 5, n: '3' }).args).toEqual({ q: '5', n: 3 });
    expect(validateArgs(jsonOnly, { n: 3 }).error).toBe('Invalid arguments for json_only: missing required argument "q". Expected: {"q": string, "n"?: integer}');
    expect(validateArgs(jsonOnly, { q: 'a', n: 'many' }).error).toMatch(/argument "n" must be an integer, got string "many"/);
  });
});
