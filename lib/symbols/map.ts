// The Symbol Map: a compact, ranked outline of the workspace for the system
// prompt, in the article's shape:
//   # Symbol Map [Rust: 67 · TypeScript: 5 · Python: 8]
//   ## src-tauri/src/state.rs [Rust]
//   pub struct TerminalState :6 · impl TerminalState → [new, update, reset] :13
// Header counts are indexed files per language. Items are top-level symbols
// (containers list their methods); the best-ranked items that fit the token
// budget are kept, found by binary search as Aider does.
import type { Db } from '../db';
import { estimateTokens } from '../llm/budget';
import { CONTAINER_KINDS } from './extract';
import { displayName } from './languages';
import { rankFiles } from './rank';
import { decodeRefs } from './store';

export interface SymbolMapOptions {
  /** Token budget for the whole map (config symbol_map_tokens). */
  tokens: number;
  /** File paths (or identifiers) mentioned in the conversation: ranked up. */
  mentioned?: string[];
}

export interface SymbolMap {
  text: string;
  /** Files shown. */
  files: number;
  tokens: number;
}

interface FileInfo {
  id: number;
  path: string;
  language: string;
  refs: string;
}

interface SymRow {
  fileId: number;
  name: string;
  kind: string;
  line: number;
  endLine: number;
  parent: string | null;
  signature: string;
}

interface Item {
  file: FileInfo;
  sym: SymRow;
  members: SymRow[];
  /** A method whose container is not in this file (Go receivers elsewhere). */
  qualified: boolean;
  score: number;
}

const MAX_MEMBERS = 12;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function head(s: SymRow): string {
  const m = new RegExp(`(^|[^\\w$])${esc(s.name)}(?![\\w$])`).exec(s.signature);
  const h = m ? s.signature.slice(0, m.index + m[0].length).trim() : s.name;
  return h === s.name && !['function', 'method', 'constant'].includes(s.kind) ? `${s.kind} ${s.name}` : h;
}

function renderItem(it: Item): string {
  const s = it.sym;
  if (s.kind === 'function' || s.kind === 'method') return `${it.qualified && s.parent ? `${s.parent}.` : ''}${s.name}(...) :${s.line}`;
  const members = it.members.length
    ? ` → [${it.members.slice(0, MAX_MEMBERS).map((m) => m.name).join(', ')}${it.members.length > MAX_MEMBERS ? `, … +${it.members.length - MAX_MEMBERS}` : ''}]`
    : '';
  return `${head(s)}${members} :${s.line}`;
}

/** Top-level items of one file; methods fold into their container. */
function fileItems(file: FileInfo, syms: SymRow[]): Item[] {
  const items: Item[] = [];
  const containers: Item[] = [];
  for (const s of syms) {
    if (s.parent) continue;
    const it: Item = { file, sym: s, members: [], qualified: false, score: 0 };
    items.push(it);
    if (CONTAINER_KINDS.has(s.kind)) containers.push(it);
  }
  for (const s of syms) {
    if (s.kind !== 'method' || !s.parent) continue;
    const named = containers.filter((c) => c.sym.name === s.parent);
    const host = named.find((c) => c.sym.line <= s.line && s.line <= c.sym.endLine) ?? named[0];
    if (host) host.members.push(s);
    else if (!syms.some((o) => o.name === s.parent && o.line <= s.line && s.line <= o.endLine)) {
      items.push({ file, sym: s, members: [], qualified: true, score: 0 });
    }
  }
  return items;
}

function render(items: Item[], header: string): { text: string; files: number } {
  const byFile = new Map<number, Item[]>();
  for (const it of items) {
    const list = byFile.get(it.file.id);
    if (list) list.push(it);
    else byFile.set(it.file.id, [it]);
  }
  const parts = [header];
  for (const list of byFile.values()) {
    const f = list[0].file;
    list.sort((a, b) => a.sym.line - b.sym.line);
    parts.push(`## ${f.path} [${displayName(f.language)}]`, list.map(renderItem).join(' · '));
  }
  return { text: parts.join('\n'), files: byFile.size };
}

function resolveMentions(files: FileInfo[], mentioned: string[]): { files: Set<number>; idents: Set<string> } {
  const out = { files: new Set<number>(), idents: new Set<string>() };
  for (const raw of mentioned) {
    const m = raw.trim().replace(/^\.\//, '');
    if (!m) continue;
    const hit = files.filter((f) => f.path === m || f.path.endsWith(`/${m}`));
    if (hit.length) hit.forEach((f) => out.files.add(f.id));
    else out.idents.add(m);
  }
  return out;
}

export function symbolMap(db: Db, workspaceId: string, opts: SymbolMapOptions): SymbolMap {
  const empty = { text: '', files: 0, tokens: 0 };
  if (opts.tokens <= 0) return empty;
  const c = db.$client;
  const files = c.prepare<[string], FileInfo>('SELECT id, path, language, refs FROM symbol_files WHERE workspace_id = ?').all(workspaceId);
  if (!files.length) return empty;
  const rows = c
    .prepare<[string], SymRow>(
      `SELECT file_id AS fileId, name, kind, line, end_line AS endLine, parent, signature
       FROM symbols WHERE workspace_id = ? ORDER BY file_id, line`)
    .all(workspaceId);
  const symsByFile = new Map<number, SymRow[]>();
  const defines = new Map<string, Set<number>>();
  for (const r of rows) {
    const list = symsByFile.get(r.fileId);
    if (list) list.push(r);
    else symsByFile.set(r.fileId, [r]);
    const d = defines.get(r.name);
    if (d) d.add(r.fileId);
    else defines.set(r.name, new Set([r.fileId]));
  }
  const refs = new Map<number, Map<string, number>>();
  for (const f of files) refs.set(f.id, decodeRefs(f.refs));
  const mentions = resolveMentions(files, opts.mentioned ?? []);
  const { fileRank, defRank } = rankFiles({
    refs, defines, files: files.map((f) => f.id), mentionedFiles: mentions.files, mentionedIdents: mentions.idents,
  });

  const items: Item[] = [];
  for (const f of files) {
    const syms = symsByFile.get(f.id) ?? [];
    const its = fileItems(f, syms);
    // Files mentioned, or central to the graph, order their unreferenced items too.
    const base = (fileRank.get(f.id) ?? 0) * 1e-3 + (mentions.files.has(f.id) ? 1 : 0);
    for (const it of its) {
      it.score = base;
      for (const s of [it.sym, ...it.members]) it.score += defRank.get(`${f.id}\0${s.name}`) ?? 0;
    }
    items.push(...its);
  }
  items.sort((a, b) => b.score - a.score || a.file.path.localeCompare(b.file.path) || a.sym.line - b.sym.line);

  const byLang = new Map<string, number>();
  for (const f of files) byLang.set(displayName(f.language), (byLang.get(displayName(f.language)) ?? 0) + 1);
  const header = `# Symbol Map [${[...byLang].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l}: ${n}`).join(' · ')}]`;

  // Largest prefix of the ranked items that fits the budget.
  let lo = 0;
  let hi = items.length;
  let best = { text: '', files: 0, tokens: 0 };
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = render(items.slice(0, mid), header);
    const tokens = estimateTokens(r.text);
    if (tokens <= opts.tokens) {
      best = { ...r, tokens };
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}
