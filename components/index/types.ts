// Response shapes of /api/workspaces/:id/symbols..., restated (not imported
// from lib/) so no server module can leak into the client bundle.
export interface LanguageCount { language: string; display: string; files: number; symbols: number }

export interface IndexSummary {
  root: string;
  startedAt: number;
  durationMs: number;
  files: number;
  symbols: number;
  languages: LanguageCount[];
  parsed: number;
  unchanged: number;
  removed: number;
  errorCount: number;
  errors: { path: string; message: string }[];
  skipped: {
    tooLarge: number; symlinks: number; unreadable: number; overLimit: boolean; binary: number; minified: number; noGrammar: number;
    examples: { path: string; reason: string }[];
  };
  warnings: string[];
}

export interface IndexOverview {
  workspace: { id: string; path: string };
  running: boolean;
  runId: string | null;
  progress: { phase: 'walk' | 'parse' | 'done'; done: number; total: number } | null;
  last: IndexSummary | null;
  files: number;
  symbols: number;
  languages: LanguageCount[];
}

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

export interface SearchResult { hits: SymbolHit[]; mode: 'exact' | 'prefix' | 'fuzzy' | null; total: number }

export interface SourceSnippet { path: string; start: number; lines: string[]; totalLines: number }
