// find_symbols: structural lookups in the workspace's symbol index. Answers
// "where is TerminalState defined?" ({"name": "TerminalState"}) and "what
// functions exist in state.rs?" ({"file": "state.rs", "kind": "function"})
// in one call, with file:line and a one-line signature per symbol.
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { defineTool } from './define';
import { CHARS_PER_TOKEN } from './output';
import { findSymbols, type MatchMode, type SymbolHit } from '../symbols/query';
import { indexLimits } from '../symbols/indexers';
import { displayName } from '../symbols/languages';

const MATCH_MODES = ['exact', 'prefix', 'fuzzy'] as const satisfies readonly MatchMode[];

const args = z.object({
  name: z.string().optional().describe('Symbol name, e.g. "TerminalState" or "TerminalState::new".'),
  match: z.enum(MATCH_MODES).optional().describe('How to match the name. Default: exact, then prefix, then fuzzy.'),
  kind: z.string().optional().describe('function, method, class, struct, enum, trait, impl, interface, type, constant or module.'),
  file: z.string().optional().describe('A file path, a file name ("state.rs") or a folder ("src/commands").'),
});

function line(h: SymbolHit): string {
  const range = h.endLine > h.line ? `${h.line}-${h.endLine}` : `${h.line}`;
  const qualified = h.parent ? `${h.parent}.${h.name}` : h.name;
  const sig = h.signature && h.signature !== h.name ? `: ${h.signature}` : '';
  return `  ${range} ${h.kind} ${qualified}${sig}`;
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** The indexed path whose file name is closest to the one asked for (ns.rs -> nslookup.rs). */
function nearestPath(given: string, paths: string[]): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const p of paths) {
    const score = distance(base(given), base(p)) * 1000 + distance(given, p);
    if (score < bestScore) [best, bestScore] = [p, score];
  }
  return best;
}

export const findSymbolsTool = defineTool({
  name: 'find_symbols',
  description:
    'Find where functions, classes, structs, methods, interfaces and other symbols are defined, from the project\'s symbol index. ' +
    'Returns file:line and a one-line signature. Examples: where is a type defined: {"name": "TerminalState"}; ' +
    'what functions a file has: {"file": "src/state.rs", "kind": "function"}; names starting with "parse": {"name": "parse", "match": "prefix"}.',
  args,

  async run(args, ctx) {
    const env = ctx.env;
    if (!env) return { ok: false, content: 'The symbol index is not available here; use list_files and read_file instead.' };
    if (!args.name?.trim() && !args.file?.trim() && !args.kind?.trim()) {
      return { ok: false, content: 'Give at least one of name, file or kind, e.g. {"name": "TerminalState"} or {"file": "state.rs"}.' };
    }
    // The first lookup in a never-indexed workspace builds the index (incremental afterwards).
    await env.symbols.for(env.db, { id: env.workspaceId, path: ctx.workspace }, indexLimits(env.config)).ensureIndexed();
    const res = findSymbols(env.db, env.workspaceId, { name: args.name, match: args.match, kind: args.kind, file: args.file, limit: 500 });
    if (!res.hits.length) {
      let hint = '';
      if (args.file) {
        const paths = (env.db.$client.prepare('SELECT path FROM symbol_files WHERE workspace_id = ?').all(env.workspaceId) as { path: string }[]).map((r) => r.path);
        const near = nearestPath(args.file, paths);
        if (near && !findSymbols(env.db, env.workspaceId, { file: args.file, limit: 1 }).hits.length) hint = ` No indexed file matches "${args.file}"; did you mean ${near}?`;
      }
      const what = [args.name && `name "${args.name}"`, args.kind && `kind ${args.kind}`, args.file && `file ${args.file}`].filter(Boolean).join(', ');
      return { ok: true, content: `No symbols match ${what}.${hint} Try a shorter name with "match": "prefix", or search_code / read_file.` };
    }
    const budget = ctx.settings.resultTokens * CHARS_PER_TOKEN - 150;
    const how = res.mode && res.mode !== 'exact' ? ` (${res.mode} match)` : '';
    const out: string[] = [`${res.total} symbol${res.total === 1 ? '' : 's'}${how}:`];
    let used = out[0].length;
    let shown = 0;
    let file = '';
    for (const h of res.hits) {
      const head = h.path !== file ? `${h.path} [${displayName(h.language)}]` : null;
      const text = head ? `${head}\n${line(h)}` : line(h);
      if (used + text.length + 1 > budget) break;
      out.push(text);
      used += text.length + 1;
      file = h.path;
      shown++;
    }
    if (shown < res.total) out.push(`[… ${res.total - shown} more not shown; narrow with "file" or "kind"]`);
    return { ok: true, content: out.join('\n') };
  },
});
