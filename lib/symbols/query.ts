// Lookups over the stored index: by name (exact, prefix, fuzzy), kind and
// file. `find_symbols`, the index page and the Symbol Map read through here.
import type Database from 'better-sqlite3';
import { distance } from 'fastest-levenshtein';
import type { Db } from '../db';

export type MatchMode = 'exact' | 'prefix' | 'fuzzy';

export interface SymbolHit {
  name: string;
  kind: string;
  path: string;
  language: string;
  line: number;
  endLine: number;
  parent: string | null;
  signature: string;
}

export interface FindOptions {
  name?: string;
  /** 'smart' (default): exact, else prefix, else fuzzy. */
  match?: MatchMode | 'smart';
  kind?: string;
  /** Exact path, a path suffix ("state.rs"), or a folder ("src/commands"). */
  file?: string;
  limit?: number;
}

export interface FindResult {
  hits: SymbolHit[];
  /** How the name matched (null without a name). */
  mode: MatchMode | null;
  /** Matches before the limit. */
  total: number;
}

const KIND_ALIASES: Record<string, string[]> = {
  // "functions in state.rs" means methods too for most readers.
  function: ['function', 'method'], functions: ['function', 'method'], fn: ['function', 'method'], func: ['function', 'method'], def: ['function', 'method'],
  method: ['method'], methods: ['method'],
  class: ['class'], classes: ['class'], struct: ['struct'], structs: ['struct'], enum: ['enum'], enums: ['enum'],
  trait: ['trait'], traits: ['trait'], impl: ['impl'], impls: ['impl'], interface: ['interface'], interfaces: ['interface'],
  type: ['type', 'struct', 'class', 'enum', 'interface', 'trait'], types: ['type', 'struct', 'class', 'enum', 'interface', 'trait'],
  const: ['constant'], constant: ['constant'], constants: ['constant'], module: ['module'], modules: ['module'], macro: ['macro'],
};

export function kindsFor(kind: string): string[] {
  const k = kind.trim().toLowerCase();
  return KIND_ALIASES[k] ?? [k];
}

const COLUMNS = 'SELECT s.name, s.kind, f.path, f.language, s.line, s.end_line AS endLine, s.parent, s.signature';
// Two join orders so SQLite uses the right index: by name from symbols_name,
// by file from symbol_files_path then symbols_file.
const BY_NAME = 'FROM symbols s JOIN symbol_files f ON f.id = s.file_id WHERE s.workspace_id = ?';
const BY_FILE = 'FROM symbol_files f JOIN symbols s ON s.file_id = f.id WHERE f.workspace_id = ?';
// Exact case first, definitions before members, then by place. In SQL, so a
// common name ("new", "__init__") stops at the limit instead of sorting thousands.
const NAME_ORDER = ` ORDER BY s.name <> ?, CASE s.kind WHEN 'struct' THEN 0 WHEN 'class' THEN 1 WHEN 'interface' THEN 2
  WHEN 'trait' THEN 3 WHEN 'enum' THEN 4 WHEN 'type' THEN 5 WHEN 'impl' THEN 6 WHEN 'function' THEN 7 WHEN 'constant' THEN 8
  WHEN 'module' THEN 9 WHEN 'macro' THEN 10 ELSE 11 END, f.path, s.line`;
const PLACE_ORDER = ' ORDER BY f.path, s.line';

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prep(db: Db, sql: string): Database.Statement {
  let m = prepared.get(db.$client);
  if (!m) prepared.set(db.$client, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.$client.prepare(sql)));
  return s;
}

/** Filters shared by every mode: kind and file. */
function filters(opts: FindOptions): { sql: string; params: unknown[] } {
  let sql = '';
  const params: unknown[] = [];
  if (opts.kind) {
    const kinds = kindsFor(opts.kind);
    sql += ` AND s.kind IN (${kinds.map(() => '?').join(',')})`;
    params.push(...kinds);
  }
  if (opts.file) {
    const f = opts.file.trim().replace(/^\.\//, '').replace(/\/+$/, '');
    sql += ` AND (f.path = ? OR f.path LIKE ? ESCAPE '\\' OR f.path LIKE ? ESCAPE '\\')`;
    const esc = f.replace(/[\\%_]/g, (c) => `\\${c}`);
    params.push(f, `%/${esc}`, `${esc}/%`);
  }
  return { sql, params };
}

interface Query {
  from: string;
  where: string;
  params: unknown[];
}

/** Up to `limit` hits in order, and how many match in all. */
function select(db: Db, q: Query, opts: FindOptions, order: string, orderParams: unknown[], limit: number): { hits: SymbolHit[]; total: number } {
  const f = filters(opts);
  const hits = prep(db, `${COLUMNS} ${q.from}${q.where}${f.sql}${order} LIMIT ${limit + 1}`).all(...q.params, ...f.params, ...orderParams) as SymbolHit[];
  if (hits.length <= limit) return { hits, total: hits.length };
  const { n } = prep(db, `SELECT count(*) AS n ${q.from}${q.where}${f.sql}`).get(...q.params, ...f.params) as { n: number };
  return { hits: hits.slice(0, limit), total: n };
}

function byName(db: Db, ws: string, name: string, mode: MatchMode, opts: FindOptions, limit: number): { hits: SymbolHit[]; total: number } {
  const lc = name.toLowerCase();
  if (mode === 'exact') return select(db, { from: BY_NAME, where: ' AND s.name_lc = ?', params: [ws, lc] }, opts, NAME_ORDER, [name], limit);
  if (mode === 'prefix') {
    return select(db, { from: BY_NAME, where: ' AND s.name_lc >= ? AND s.name_lc < ?', params: [ws, lc, `${lc}\uffff`] }, opts, NAME_ORDER, [name], limit);
  }
  // Fuzzy: rank the distinct names by containment, then edit distance.
  const f = filters(opts);
  const names = prep(db, `SELECT DISTINCT s.name_lc AS n ${BY_NAME}${f.sql}`).all(ws, ...f.params) as { n: string }[];
  const maxDist = Math.max(2, Math.floor(lc.length / 3));
  const scored: { n: string; score: number }[] = [];
  for (const { n } of names) {
    const score = n.includes(lc) ? n.length - lc.length : lc.length > 3 && lc.includes(n) && n.length > 3 ? 50 + lc.length - n.length : 100 + distance(n, lc);
    if (score <= 100 + maxDist) scored.push({ n, score });
  }
  scored.sort((a, b) => a.score - b.score || a.n.localeCompare(b.n));
  const top = scored.slice(0, 20).map((x) => x.n);
  if (!top.length) return { hits: [], total: 0 };
  const rank = new Map(top.map((n, i) => [n, i]));
  const res = select(db, { from: BY_NAME, where: ` AND s.name_lc IN (${top.map(() => '?').join(',')})`, params: [ws, ...top] }, opts, PLACE_ORDER, [], 2000);
  const hits = res.hits.sort((a, b) => rank.get(a.name.toLowerCase())! - rank.get(b.name.toLowerCase())!);
  return { hits: hits.slice(0, limit), total: hits.length };
}

export function findSymbols(db: Db, workspaceId: string, opts: FindOptions): FindResult {
  const limit = opts.limit ?? 50;
  const name = opts.name?.trim();
  if (!name) return { ...select(db, { from: BY_FILE, where: '', params: [workspaceId] }, opts, PLACE_ORDER, [], limit), mode: null };
  const modes: MatchMode[] = !opts.match || opts.match === 'smart' ? ['exact', 'prefix', 'fuzzy'] : [opts.match];
  // "TerminalState::new" or "TerminalState.new": a member of a parent.
  const qualified = /^(.+?)(?:::|\.|#)(\w+)$/.exec(name);
  for (const mode of modes) {
    let res = byName(db, workspaceId, name, mode, opts, limit);
    if (!res.hits.length && qualified && mode !== 'fuzzy') {
      const hits = byName(db, workspaceId, qualified[2], mode, opts, 2000).hits.filter((h) => h.parent?.toLowerCase() === qualified[1].toLowerCase());
      res = { hits: hits.slice(0, limit), total: hits.length };
    }
    if (res.hits.length) return { ...res, mode };
  }
  return { hits: [], mode: modes[modes.length - 1], total: 0 };
}

/** All symbols of one file in line order (the file outline). */
export function fileSymbols(db: Db, workspaceId: string, path: string): SymbolHit[] {
  return prep(db, `${COLUMNS} ${BY_FILE} AND f.path = ? ORDER BY s.line`).all(workspaceId, path) as SymbolHit[];
}

/** Does this workspace have an index at all? */
export function isIndexed(db: Db, workspaceId: string): boolean {
  return !!prep(db, 'SELECT 1 FROM symbol_index_state WHERE workspace_id = ?').get(workspaceId);
}
