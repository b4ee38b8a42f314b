import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runTool } from '../../lib/tools';
import { makeCtx, makeWorkspace, tempDir } from './helpers';

const numberedLines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_file', () => {
  it('returns a small file whole', async () => {
    const ws = await makeWorkspace({ 'src/main.rs': 'fn main() {\n    println!("hi");\n}\n' });
    const r = await runTool('read_file', { path: 'src/main.rs' }, makeCtx(ws));
    expect(r).toEqual({ ok: true, content: 'fn main() {\n    println!("hi");\n}' });
  });

  it('reads a line range with a header naming it', async () => {
    const ws = await makeWorkspace({ 'a.txt': numberedLines(100) });
    const r = await runTool('read_file', { path: 'a.txt', offset: 10, limit: 3 }, makeCtx(ws));
    expect(r.ok).toBe(true);
    expect(r.content).toMatch(/^\[a\.txt: lines 10-12 of 100\]\nline 10\nline 11\nline 12\n/);
    expect(r.content).toContain('88 more lines');
    expect(r.content).toContain('{"path":"a.txt","offset":13,"limit":50}');
  });

  it('truncates a big text file to the budget and says how to read on', async () => {
    const ws = await makeWorkspace({ 'big.log': numberedLines(20_000) });
    const r = await runTool('read_file', { path: 'big.log' }, makeCtx(ws, { resultTokens: 500 }));
    expect(r.ok).toBe(true);
    expect(r.content.length).toBeLessThanOrEqual(500 * 4);
    const m = /lines 1-(\d+) of 20000/.exec(r.content);
    expect(m).not.toBeNull();
    const last = Number(m![1]);
    expect(r.content).toContain(`line ${last}\n`);
    expect(r.content).not.toContain(`line ${last + 1}\n`);
    expect(r.content).toContain(`"offset":${last + 1}`);

    // Following the advice continues exactly where the first read stopped.
    const next = await runTool('read_file', { path: 'big.log', offset: last + 1, limit: 5 }, makeCtx(ws));
    expect(next.content).toContain(`\nline ${last + 1}\n`);
  });

  it('accepts numbers sent as strings (small models do that)', async () => {
    const ws = await makeWorkspace({ 'a.txt': numberedLines(10) });
    const r = await runTool('read_file', { path: 'a.txt', offset: '9', limit: '1' }, makeCtx(ws));
    expect(r.content).toMatch(/lines 9-9 of 10\]\nline 9\n/);
  });

  it('says when offset is past the end', async () => {
    const ws = await makeWorkspace({ 'a.txt': numberedLines(5) });
    const r = await runTool('read_file', { path: 'a.txt', offset: 50 }, makeCtx(ws));
    expect(r).toEqual({ ok: false, content: 'a.txt has only 5 lines; offset 50 is past the end.' });
  });

  it('refuses binary files', async () => {
    const ws = await makeWorkspace({ 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
    const r = await runTool('read_file', { path: 'logo.png' }, makeCtx(ws));
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/logo\.png is a binary file/);
  });

  it('refuses files over maxReadBytes', async () => {
    const ws = await makeWorkspace({ 'huge.txt': 'x'.repeat(300_000) });
    const r = await runTool('read_file', { path: 'huge.txt' }, makeCtx(ws, { maxReadBytes: 100_000 }));
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/huge\.txt is 293 KB, over the read limit of 98 KB \(max_read_bytes\)/);
    expect(r.content).toMatch(/grep, head or tail/);
  });

  it('suggests the nearest file when the path does not exist (ns.rs)', async () => {
    const ws = await makeWorkspace({ 'src/commands/nslookup.rs': 'x', 'src/main.rs': 'y' });
    const r = await runTool('read_file', { path: 'ns.rs' }, makeCtx(ws));
    expect(r.ok).toBe(false);
    expect(r.content).toBe('File not found: ns.rs. Did you mean: src/commands/nslookup.rs?');
  });

  it('points at list_files for a directory and reports empty files', async () => {
    const ws = await makeWorkspace({ 'src/a.rs': '', 'empty.txt': '' });
    expect((await runTool('read_file', { path: 'src' }, makeCtx(ws))).content).toMatch(/is a directory; call list_files/);
    expect((await runTool('read_file', { path: 'empty.txt' }, makeCtx(ws))).content).toBe('(empty.txt is empty)');
  });

  it('refuses to read outside the workspace, directly or through symlinks', async () => {
    const ws = await makeWorkspace();
    const outside = await tempDir();
    await fs.writeFile(path.join(outside, 'secret.txt'), 'TOPSECRET');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(ws, 'file-link'));
    await fs.symlink(outside, path.join(ws, 'dir-link'));
    const ctx = makeCtx(ws);
    for (const p of [path.join(outside, 'secret.txt'), `../${path.basename(outside)}/secret.txt`, 'file-link', 'dir-link/secret.txt']) {
      const r = await runTool('read_file', { path: p }, ctx);
      expect(r.ok, p).toBe(false);
      expect(r.content, p).toMatch(/outside the workspace/);
      expect(r.content).not.toContain('TOPSECRET');
    }
  });

  it('shows CRLF files with plain newlines and clips minified lines', async () => {
    const ws = await makeWorkspace({ 'win.txt': 'a\r\nb\r\n', 'min.js': `var a=1;${'x'.repeat(50_000)};end()` });
    expect((await runTool('read_file', { path: 'win.txt' }, makeCtx(ws))).content).toBe('a\nb');
    const r = await runTool('read_file', { path: 'min.js' }, makeCtx(ws));
    expect(r.content.length).toBeLessThan(4000);
    expect(r.content).toMatch(/^var a=1;x+ …\[\d+ chars cut\]… x+;end\(\)$/);
  });
});
