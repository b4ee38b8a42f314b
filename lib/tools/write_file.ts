// write_file: create or overwrite a whole file, recording the change for revert.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { defineTool } from './define';
import { resolveInWorkspace, assertWritable } from './workspace';
import { atomicWrite, countLines, diffStat, plural, snapshot, unifiedDiff } from './files';

const args = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  content: z.string().describe('The complete new file content.'),
});

export const writeFile = defineTool({
  name: 'write_file',
  description:
    'Create a file, or replace a file\'s whole content. Missing folders are created. ' +
    'Example: {"path": "src/commands/mod.rs", "content": "pub mod nslookup;\\n"}. ' +
    'To change part of an existing file use edit_file instead.',
  args,

  async run(args, ctx) {
    const target = await resolveInWorkspace(ctx.workspace, args.path);
    assertWritable(target, ctx.env?.privateDirs, ctx.workspace);
    if (target.exists && (await fs.stat(target.abs)).isDirectory()) {
      return { ok: false, content: `${target.rel} is a directory; give a file path inside it.` };
    }
    const before = await snapshot(target.abs);
    const isNew = before.change.before === null;
    if (!isNew && before.change.beforeEncoding === 'utf8' && before.text === args.content) {
      return { ok: true, content: `${target.rel} already has exactly this content; nothing changed.` };
    }
    await atomicWrite(target.abs, args.content, before.mode);
    const diff = unifiedDiff(target.rel, before.text, args.content, isNew);
    const what = isNew ? 'Created' : 'Overwrote';
    return {
      ok: true,
      content: `${what} ${target.rel} (${plural(countLines(args.content), 'line')}, ${diffStat(diff)}).`,
      files: [{ path: target.rel, ...before.change, after: args.content }],
      diff,
    };
  },
});
