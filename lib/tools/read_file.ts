// read_file: a text file (or a line range of it), fitted to the result budget.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { defineTool } from './define';
import { resolveInWorkspace, notFoundMessage } from './workspace';
import { CHARS_PER_TOKEN, fitHead, formatBytes } from './output';
import { decodeUtf8, looksBinary } from './files';

const args = z.object({
  path: z.string().describe('File path relative to the workspace root, e.g. "src/main.rs".'),
  offset: z.int().optional().describe('First line to read, 1-based. Default 1.'),
  limit: z.int().optional().describe('How many lines to read. Default: as many as fit.'),
});

export const readFile = defineTool({
  name: 'read_file',
  description:
    'Read a text file in the workspace. Example: {"path": "src/main.rs"}. ' +
    'For a long file read a range: {"path": "src/main.rs", "offset": 200, "limit": 100} (offset = first line, 1-based). ' +
    'Read a file before editing it.',
  args,

  async run(args, ctx) {
    const target = await resolveInWorkspace(ctx.workspace, args.path);
    if (!target.exists) return { ok: false, content: await notFoundMessage(ctx.workspace, target.rel) };
    const st = await fs.stat(target.abs);
    if (st.isDirectory()) return { ok: false, content: `${target.rel || '.'} is a directory; call list_files to see its contents.` };
    if (st.size > ctx.settings.maxReadBytes) {
      return {
        ok: false,
        content:
          `${target.rel} is ${formatBytes(st.size)}, over the read limit of ${formatBytes(ctx.settings.maxReadBytes)} (max_read_bytes). ` +
          `Use run_shell with grep, head or tail to look at parts of it.`,
      };
    }
    const buf = await fs.readFile(target.abs);
    if (looksBinary(buf)) return { ok: false, content: `${target.rel} is a binary file (${formatBytes(buf.length)}); it cannot be shown as text.` };
    const text = decodeUtf8(buf) ?? buf.toString('latin1');
    if (text === '') return { ok: true, content: `(${target.rel} is empty)` };

    const lines = text.replace(/\r\n/g, '\n').split('\n');
    if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
    const total = lines.length;
    const start = Math.max(1, Math.floor(args.offset ?? 1));
    if (start > total) return { ok: false, content: `${target.rel} has only ${total} lines; offset ${start} is past the end.` };
    const wanted = lines.slice(start - 1, args.limit && args.limit > 0 ? start - 1 + Math.floor(args.limit) : undefined);
    const budget = ctx.settings.resultTokens * CHARS_PER_TOKEN - 250; // room for the notes
    const { text: shown, count } = fitHead(wanted, budget);
    const end = start + count - 1;
    if (start === 1 && end === total) return { ok: true, content: shown };

    const header = `[${target.rel}: lines ${start}-${end} of ${total}]`;
    let footer = '';
    if (end < total) {
      const next = JSON.stringify({ path: target.rel, offset: end + 1, limit: Math.max(count, 50) });
      footer = `\n[${total - end} more lines. To read on, call read_file with ${next}]`;
    }
    return { ok: true, content: `${header}\n${shown}${footer}` };
  },
});
