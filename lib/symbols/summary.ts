// What an indexing run reports, and the per-workspace counts the UI and the
// Symbol Map header show.
import type { Db } from '../db';
import { displayName } from './languages';
import type { Skipped } from '../workspace/walk';

export interface LanguageCount {
  /** Language id (python, rust, tsx, ...). */
  language: string;
  display: string;
  files: number;
  symbols: number;
}

export interface IndexSummary {
  root: string;
  startedAt: number;
  durationMs: number;
  /** Totals in the index after the run. */
  files: number;
  symbols: number;
  languages: LanguageCount[];
  /** This run: files parsed, unchanged, dropped. */
  parsed: number;
  unchanged: number;
  removed: number;
  /** Files that failed to read or parsed with syntax errors (first ones listed). */
  errorCount: number;
  errors: { path: string; message: string }[];
  skipped: Skipped & { binary: number; minified: number; noGrammar: number };
  /** Grammars that failed to load. */
  warnings: string[];
}

export function languageStats(db: Db, workspaceId: string): { files: number; symbols: number; languages: LanguageCount[] } {
  const rows = db.$client
    .prepare<[string], { language: string; files: number; symbols: number }>(
      `SELECT language, count(*) AS files, coalesce(sum(symbol_count), 0) AS symbols
       FROM symbol_files WHERE workspace_id = ? GROUP BY language ORDER BY symbols DESC`)
    .all(workspaceId);
  const languages = rows.map((r) => ({ ...r, display: displayName(r.language) }));
  return {
    files: languages.reduce((a, l) => a + l.files, 0),
    symbols: languages.reduce((a, l) => a + l.symbols, 0),
    languages,
  };
}

export function saveSummary(db: Db, workspaceId: string, s: IndexSummary): void {
  db.$client
    .prepare(
      `INSERT INTO symbol_index_state (workspace_id, root, last_run_at, duration_ms, summary) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(workspace_id) DO UPDATE SET root = excluded.root, last_run_at = excluded.last_run_at,
         duration_ms = excluded.duration_ms, summary = excluded.summary`)
    .run(workspaceId, s.root, s.startedAt, s.durationMs, JSON.stringify(s));
}

/** The last run's summary, or null when the workspace was never indexed. */
export function lastSummary(db: Db, workspaceId: string): IndexSummary | null {
  const row = db.$client
    .prepare<[string], { summary: string }>('SELECT summary FROM symbol_index_state WHERE workspace_id = ?')
    .get(workspaceId);
  return row ? (JSON.parse(row.summary) as IndexSummary) : null;
}
