import { describe, it, expect } from 'vitest';
import { allTools, getTool, toolSchemas, runTool, validateArgs, expectedShape } from '../../lib/tools';
import type { Tool } from '../../lib/tools/types';
import { makeCtx, makeWorkspace, read } from './helpers';

describe('registry', () => {
  it('has one tool per file, each with a schema the model can read', () => {
    const names = allTools.map((t) => t.name);
    expect(names.slice(0, 5)).toEqual(['read_file', 'write_file', 'edit_file', 'list_files', 'run_shell']);
    expect(new Set(names).size).toBe(names.length);
    for (const t of allTools) {
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.description).toMatch(/\{"/); // every description shows an example call
      expect(t.parameters.type).toBe('object');
      for (const r of t.parameters.required ?? []) expect(t.parameters.properties).toHaveProperty(r);
    }
    expect(getTool('edit_file')?.name).toBe('edit_file');
    expect(getTool('nope')).toBeUndefined();
  });

  it('builds Ollama tool definitions for the named tools', () => {
    const schemas = toolSchemas(['read_file', 'run_shell', 'unknown']);
    expect(schemas).toHaveLength(2);
    expect(schemas[0]).toEqual({
      type: 'function',
      function: { name: 'read_file', description: getTool('read_file')!.description, parameters: getTool('read_file')!.parameters },
    });
    expect(toolSchemas()).toHaveLength(allTools.length);
    expect(JSON.parse(JSON.stringify(toolSchemas()))).toEqual(toolSchemas()); // plain JSON
  });

  it('describes the expected shape', () => {
    expect(expectedShape(getTool('read_file')!)).toBe('{"path": string, "offset"?: integer, "limit"?: integer}');
    expect(expectedShape(getTool('list_files')!)).toBe('{"path"?: string, "recursive"?: boolean, "depth"?: integer}');
  });
});

describe('runTool', () => {
  it('answers an unknown tool with the closest name and the list', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('readfile', { path: 'a' }, makeCtx(ws));
    expect(r).toEqual({
      ok: false,
      content: `Unknown tool "readfile". Did you mean read_file? Available tools: ${allTools.map((t) => t.name).join(', ')}.`,
    });
  });

  it('names a missing argument and shows the shape', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('edit_file', { path: 'a.txt', new_string: 'x' }, makeCtx(ws));
    expect(r.content).toBe(
      'Invalid arguments for edit_file: missing required argument "old_string". Expected: {"path": string, "old_string": string, "new_string": string}',
    );
  });

  it('names an argument of the wrong type', async () => {
    const ws = await makeWorkspace();
    const r = await runTool('read_file', { path: 'a.txt', offset: 'ten' }, makeCtx(ws));
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/^Invalid arguments for read_file: argument "offset" must be an integer, got string "ten"\. Expected: \{"path": string/);
    const r2 = await runTool('list_files', { recursive: 'yes' }, makeCtx(ws));
    expect(r2.content).toMatch(/argument "recursive" must be true or false/);
    const r3 = await runTool('write_file', { path: ['a'], content: 'x' }, makeCtx(ws));
    expect(r3.content).toMatch(/argument "path" must be a string, got array/);
  });

  it('accepts arguments as a JSON string, and null for optional ones', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'one\ntwo\n' });
    const r = await runTool('read_file', '{"path": "a.txt", "offset": null}', makeCtx(ws));
    expect(r).toEqual({ ok: true, content: 'one\ntwo' });
    const bad = await runTool('read_file', '{"path": "a.txt"', makeCtx(ws));
    expect(bad.content).toMatch(/^Invalid arguments for read_file: arguments are not valid JSON/);
    const arr = await runTool('read_file', [1, 2], makeCtx(ws));
    expect(arr.content).toMatch(/arguments must be a JSON object, got array/);
  });

  it('coerces the values small models send as strings', () => {
    const { args } = validateArgs(getTool('list_files')!, { path: 'src', recursive: 'true', depth: '2' });
    expect(args).toEqual({ path: 'src', recursive: true, depth: 2 });
  });

  it('turns workspace refusals and thrown errors into results, never throwing', async () => {
    const ws = await makeWorkspace();
    const esc = await runTool('write_file', { path: '../x', content: 'y' }, makeCtx(ws));
    expect(esc).toEqual({ ok: false, content: '"../x" is outside the workspace; use a path relative to the workspace root (e.g. "src/main.rs").' });

    const boom: Tool = {
      name: 'boom',
      description: 'throws',
      parameters: { type: 'object', properties: {} },
      run: async () => {
        throw new Error('disk on fire');
      },
    };
    allTools.push(boom);
    try {
      expect(await runTool('boom', {}, makeCtx(ws))).toEqual({ ok: false, content: 'boom failed: disk on fire' });
    } finally {
      allTools.pop();
    }
  });

  it('runs a whole small loop: write, read, edit, shell', async () => {
    const ws = await makeWorkspace();
    const ctx = makeCtx(ws);
    expect((await runTool('write_file', { path: 'src/app.sh', content: 'echo "hello"\n' }, ctx)).ok).toBe(true);
    expect((await runTool('edit_file', { path: 'src/app.sh', old_string: 'hello', new_string: 'hello, world' }, ctx)).ok).toBe(true);
    expect(await read(ws, 'src/app.sh')).toBe('echo "hello, world"\n');
    const r = await runTool('run_shell', { command: 'bash src/app.sh' }, ctx);
    expect(r.content).toMatch(/^hello, world\n\[exit code 0/);
    expect((await runTool('list_files', { recursive: true }, ctx)).content).toBe('src/\nsrc/app.sh');
  });
});
