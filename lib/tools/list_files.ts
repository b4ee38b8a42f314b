// list_files: what is in a folder, as workspace-relative paths the model can
// pass straight to the other tools. Folders end with '/'.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { defineTool } from './define';
import { resolveInWorkspace, notFoundMessage, walk } from './workspace';
import { CHARS_PER_TOKEN } from './output';

const MAX_DEPTH = 10;
// Plain code-unit order with '/' lowest, so a folder's contents follow it directly.
const key = (p: string) => p.replaceAll('/', '\0');
const MAX_ENTRIES = 2000;

const args = z.object({
  path: z.string().optional().describe('Folder relative to the workspace root. Default ".".'),
  recursive: z.boolean().optional().describe('Include subfolders. Default false.'),
  depth: z.int().optional().describe(`With recursive: how many levels deep (1-${MAX_DEPTH}). Default 4.`),
});

export const listFiles = defineTool({
  name: 'list_files',
  description:
    'List files and folders (folders end with "/"). Paths are relative to the workspace root. ' +
    'Example: {"path": "src"}; whole tree: {"path": ".", "recursive": true}. ' +
    'node_modules, .git, target and similar folders are shown but not opened.',
  args,

  async run(args, ctx) {
    const target = await resolveInWorkspace(ctx.workspace, args.path?.trim() || '.');
    const shown = target.rel || '.';
    if (!target.exists) return { ok: false, content: await notFoundMessage(ctx.workspace, target.rel, 'dir') };
    const st = await fs.stat(target.abs);
    if (!st.isDirectory()) return { ok: true, content: `${target.rel} is a file (${st.size} bytes), not a folder; call read_file to read it.` };

    const maxDepth = args.recursive ? Math.min(MAX_DEPTH, Math.max(1, Math.floor(args.depth ?? 4))) : 1;
    const root = await fs.realpath(ctx.workspace);
    const { entries, truncated } = await walk(root, { startRel: target.rel, maxDepth, maxEntries: MAX_ENTRIES });
    if (!entries.length) return { ok: true, content: `${shown} is empty.` };

    // Depth-first order reads like a tree; the walk is breadth-first for the cap.
    const lines = entries
      .map((e) => (e.dir ? `${e.rel}/` : e.rel) + (e.skipped && args.recursive ? ' (not listed)' : ''))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1));
    const budget = ctx.settings.resultTokens * CHARS_PER_TOKEN - 200;
    const out: string[] = [];
    let used = 0;
    for (const l of lines) {
      if (used + l.length + 1 > budget) break;
      out.push(l);
      used += l.length + 1;
    }
    const missing = lines.length - out.length;
    if (missing || truncated) {
      const more = truncated ? `listing stopped at ${MAX_ENTRIES} entries, ${missing} of them` : `${missing} more entries`;
      out.push(`[… ${more} not shown; list a subfolder, or use a smaller depth]`);
    }
    return { ok: true, content: out.join('\n') };
  },
});
