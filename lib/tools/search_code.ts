// search_code: the model searches the workspace's retrieval index on its own,
// by meaning rather than by exact text (that is what run_shell + grep is for).
import { formatChunk } from '../rag/format';
import { retrieve } from '../rag/retrieve';
import { z } from 'zod';
import { defineTool } from './define';

const MAX_K = 20;
const DEFAULT_K = 5;

const args = z.object({
  query: z.string().describe('What the code does or is about, in words.'),
  k: z.int().optional().describe(`How many results (1-${MAX_K}). Default ${DEFAULT_K}.`),
});

export const searchCode = defineTool({
  name: 'search_code',
  description:
    'Search the indexed code of this workspace by meaning: describe what you are looking for in words. ' +
    'Returns the most similar chunks (whole functions, classes, impl blocks) with path and line range. ' +
    'Example: {"query": "where terminal state is reset after a command", "k": 5}. ' +
    'For exact names use find_symbols or grep; then read_file the lines you need.',
  args,

  async run(args, ctx) {
    const env = ctx.env;
    if (!env) return { ok: false, content: 'search_code is not available here: this session has no workspace index.' };
    const query = args.query.trim();
    if (!query) return { ok: false, content: 'The query is empty; describe the code you are looking for, e.g. {"query": "parse command line flags"}.' };
    const k = Math.min(MAX_K, Math.max(1, Math.floor(args.k ?? DEFAULT_K)));
    // The headers and fences cost tokens too: keep a margin inside the result budget.
    const tokens = Math.max(100, ctx.settings.resultTokens - 40 * k);
    const r = await retrieve({ config: env.config, dataDir: env.dataDir, chroma: env.chroma, workspaceId: env.workspaceId, root: ctx.workspace, query, k, tokens, signal: ctx.signal });
    if (r.status === 'off') return { ok: false, content: `Retrieval is off: ${r.reason} Use find_symbols, list_files or grep (run_shell) instead.` };
    if (r.status === 'empty') return { ok: false, content: `${r.reason} Until then use find_symbols, list_files or grep (run_shell).` };
    if (!r.chunks.length) return { ok: true, content: `No indexed code matches "${query}".` };
    const body = r.chunks.map(formatChunk).join('\n\n');
    const note = r.chunks.length < k ? '' : `\n\n[top ${k} results; ask for more with a larger k or a more specific query]`;
    return { ok: true, content: body + note };
  },
});
