// Response shapes of /api/workspaces/:id/symbols... Types only: `import type`
// is erased, so no server module reaches the client bundle.
export type { LanguageCount, IndexSummary } from '@/lib/symbols/summary';
export type { SymbolHit } from '@/lib/symbols/query';
import type { IndexSummary, LanguageCount } from '@/lib/symbols/summary';
import type { SymbolHit } from '@/lib/symbols/query';

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


export interface SearchResult { hits: SymbolHit[]; mode: 'exact' | 'prefix' | 'fuzzy' | null; total: number }

export interface SourceSnippet { path: string; start: number; lines: string[]; totalLines: number }

export type { InstructionFileRow, InstructionOverview } from '@/lib/memory/list';
