import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runTool } from '../../lib/tools';
import { makeCtx, makeWorkspace, read, tempDir } from './helpers';

const MAIN_RS = [
  'use clap::Command;',
  '',
  'pub fn run(args: Vec<String>) -> Result<(), String> {',
  '    let matches = Command::new("nslookup").get_matches_from(args);',
  '    if matches.get_flag("debug") {',
  '        println!("debug on");',
  '    }',
  '    Ok(())',
  '}',
  '',
].join('\n');

const edit = (ws: string, args: Record<string, unknown>) => runTool('edit_file', args, makeCtx(ws));

describe('edit_file', () => {
  it('replaces a unique exact match and records the change and diff', async () => {
    const ws = await makeWorkspace({ 'src/nslookup.rs': MAIN_RS });
    const r = await edit(ws, {
      path: 'src/nslookup.rs',
      old_string: '    let matches = Command::new("nslookup").get_matches_from(args);',
      new_string: '    let matches = match Command::new("nslookup").try_get_matches_from(args) {\n        Ok(m) => m,\n        Err(e) => return Err(e.to_string()),\n    };',
    });
    expect(r.ok).toBe(true);
    expect(r.content).toMatch(/^Edited src\/nslookup\.rs at line 4 \(\+4 -1\)\. Now:\n/);
    expect(r.content).toContain('    4 |     let matches = match Command::new("nslookup").try_get_matches_from(args) {');
    expect(r.content.endsWith('    8 |     if matches.get_flag("debug") {\n    9 |         println!("debug on");')).toBe(true); // 2 lines of context after
    const after = await read(ws, 'src/nslookup.rs');
    expect(after).toContain('try_get_matches_from(args) {\n        Ok(m) => m,');
    expect(after).not.toContain('.get_matches_from(');
    expect(r.files).toEqual([{ path: 'src/nslookup.rs', before: MAIN_RS, beforeEncoding: 'utf8', after }]);
    expect(r.diff).toContain('-    let matches = Command::new("nslookup").get_matches_from(args);');
    expect(r.diff).toContain('+        Ok(m) => m,');
  });

  it('refuses an ambiguous match, saying how many and where', async () => {
    const ws = await makeWorkspace({ 'a.py': 'x = 1\nprint(x)\ny = 2\nprint(x)\n' });
    const r = await edit(ws, { path: 'a.py', old_string: 'print(x)', new_string: 'print(y)' });
    expect(r.ok).toBe(false);
    expect(r.content).toBe('old_string matches 2 places in a.py (lines 2, 4). Include more surrounding lines in old_string so it matches exactly one place.');
    expect(await read(ws, 'a.py')).toBe('x = 1\nprint(x)\ny = 2\nprint(x)\n');
    // More context makes it unique.
    const ok = await edit(ws, { path: 'a.py', old_string: 'y = 2\nprint(x)', new_string: 'y = 2\nprint(y)' });
    expect(ok.ok).toBe(true);
    expect(await read(ws, 'a.py')).toBe('x = 1\nprint(x)\ny = 2\nprint(y)\n');
  });

  it('matches ignoring indentation and re-indents the replacement to the file', async () => {
    const ws = await makeWorkspace({ 'src/nslookup.rs': MAIN_RS });
    // The model lost the indentation and doubled a space.
    const r = await edit(ws, {
      path: 'src/nslookup.rs',
      old_string: 'if matches.get_flag("debug") {\n    println!("debug  on");\n}',
      new_string: 'if matches.get_flag("debug") {\n    eprintln!("debug on");\n    eprintln!("args parsed");\n}',
    });
    expect(r.ok).toBe(true);
    expect(r.content).toMatch(/matched ignoring whitespace; indentation adjusted/);
    expect(await read(ws, 'src/nslookup.rs')).toBe(
      MAIN_RS.replace(
        '    if matches.get_flag("debug") {\n        println!("debug on");\n    }',
        '    if matches.get_flag("debug") {\n        eprintln!("debug on");\n        eprintln!("args parsed");\n    }',
      ),
    );
  });

  it('tolerates tabs vs spaces and surrounding blank lines in old_string', async () => {
    const ws = await makeWorkspace({ 'Makefile.py': 'def f():\n\treturn 1\n\ndef g():\n\treturn 2\n' });
    const r = await edit(ws, { path: 'Makefile.py', old_string: '\n\ndef g():\n    return 2\n\n', new_string: '\n\ndef g():\n    return 3\n\n' });
    expect(r.ok).toBe(true);
    expect(await read(ws, 'Makefile.py')).toBe('def f():\n\treturn 1\n\ndef g():\n    return 3\n');
  });

  it('refuses a whitespace-tolerant match that is ambiguous', async () => {
    const ws = await makeWorkspace({ 'a.js': 'if (a) {\n  go();\n}\nif (a) {\n    go();\n}\n' });
    const r = await edit(ws, { path: 'a.js', old_string: 'if (a) {\ngo();\n}', new_string: 'if (b) {\ngo();\n}' });
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/matches 2 places in a\.js when whitespace is ignored \(lines 1, 4\)/);
  });

  it('on a miss shows the closest lines with line numbers', async () => {
    const ws = await makeWorkspace({ 'src/nslookup.rs': MAIN_RS });
    const r = await edit(ws, {
      path: 'src/nslookup.rs',
      old_string: 'if matches.get_flag("dbg") {\n    println!("debug is on");\n}',
      new_string: 'x',
    });
    expect(r.ok).toBe(false);
    expect(r.content).toContain('old_string was not found in src/nslookup.rs, not even ignoring whitespace. Did you mean these lines (5-7)?');
    expect(r.content).toContain('    5 |     if matches.get_flag("debug") {\n    6 |         println!("debug on");\n    7 |     }');
    expect(await read(ws, 'src/nslookup.rs')).toBe(MAIN_RS);
  });

  it('accepts the suggested lines pasted back with their line numbers', async () => {
    const ws = await makeWorkspace({ 'src/nslookup.rs': MAIN_RS });
    const r = await edit(ws, {
      path: 'src/nslookup.rs',
      old_string: '    6 |         println!("debug on");',
      new_string: '    6 |         println!("debug: on");',
    });
    expect(r.ok).toBe(true);
    expect(await read(ws, 'src/nslookup.rs')).toContain('\n        println!("debug: on");\n');
  });

  it('says when nothing in the file resembles old_string', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'alpha\nbeta\n' });
    const r = await edit(ws, { path: 'a.txt', old_string: 'completely unrelated text 12345', new_string: 'x' });
    expect(r.content).toMatch(/Nothing in the file looks like it; call read_file/);
  });

  it('deletes lines when new_string is empty', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'keep\n  drop me\nkeep too\n' });
    expect((await edit(ws, { path: 'a.txt', old_string: 'drop me\n', new_string: '' })).ok).toBe(true);
    expect(await read(ws, 'a.txt')).toBe('keep\n  keep too\n'); // exact match: only those bytes go
    const ws2 = await makeWorkspace({ 'a.txt': 'keep\n  drop me\nkeep too\n' });
    expect((await edit(ws2, { path: 'a.txt', old_string: '    drop me', new_string: '' })).ok).toBe(true);
    expect(await read(ws2, 'a.txt')).toBe('keep\nkeep too\n');
  });

  it('keeps CRLF line endings', async () => {
    const ws = await makeWorkspace({ 'win.txt': 'one\r\ntwo\r\nthree\r\n' });
    const r = await edit(ws, { path: 'win.txt', old_string: 'two\nthree', new_string: '2\n3' });
    expect(r.ok).toBe(true);
    expect(await read(ws, 'win.txt')).toBe('one\r\n2\r\n3\r\n');
  });

  it('suggests the real file for a hallucinated path (ns.rs -> nslookup.rs)', async () => {
    const ws = await makeWorkspace({ 'src/commands/nslookup.rs': MAIN_RS, 'src/commands/mod.rs': 'pub mod nslookup;\n' });
    const r = await edit(ws, { path: 'ns.rs', old_string: 'a', new_string: 'b' });
    expect(r).toEqual({ ok: false, content: 'File not found: ns.rs. Did you mean: src/commands/nslookup.rs?' });
    const r2 = await edit(ws, { path: 'src/comands/mod.rs', old_string: 'a', new_string: 'b' });
    expect(r2.content).toMatch(/^File not found: src\/comands\/mod\.rs\. Did you mean: src\/commands\/mod\.rs/);
  });

  it('refuses empty or unchanged old_string, binary files and escapes', async () => {
    const ws = await makeWorkspace({ 'a.txt': 'x\n', 'b.bin': Buffer.from([1, 0, 2]) });
    expect((await edit(ws, { path: 'a.txt', old_string: '', new_string: 'y' })).content).toMatch(/old_string is empty.*write_file/);
    expect((await edit(ws, { path: 'a.txt', old_string: 'x', new_string: 'x' })).content).toMatch(/the same; nothing to change/);
    expect((await edit(ws, { path: 'b.bin', old_string: 'a', new_string: 'b' })).content).toMatch(/binary or not UTF-8/);
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 't.txt'), 'x\n');
    await fs.symlink(path.join(outside, 't.txt'), path.join(ws, 'link.txt'));
    expect((await edit(ws, { path: 'link.txt', old_string: 'x', new_string: 'y' })).content).toMatch(/outside the workspace through a symlink/);
    expect((await edit(ws, { path: path.join(outside, 't.txt'), old_string: 'x', new_string: 'y' })).content).toMatch(/outside the workspace/);
    expect(await fs.readFile(path.join(outside, 't.txt'), 'utf8')).toBe('x\n');
  });
});
