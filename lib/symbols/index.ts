// Public face of the symbol index. `outline` is the stable entry point other
// modules (retrieval chunking) build on: symbols of one file, no database.
import { extract } from './extract';
import { languageForPath } from './languages';
import { loadLanguage } from './parser';

export interface OutlineSymbol {
  name: string;
  kind: string;
  /** 1-based, inclusive. */
  line: number;
  endLine: number;
  parent?: string;
}

export interface Outline {
  /** Language id (python, typescript, tsx, rust, ...); null when unsupported. */
  language: string | null;
  symbols: OutlineSymbol[];
}

/** Symbols of one file from its content, in source order. Never throws on bad code. */
export async function outline(path: string, content: string): Promise<Outline> {
  const language = languageForPath(path);
  if (!language) return { language: null, symbols: [] };
  const lang = await loadLanguage(language);
  if (!lang) return { language, symbols: [] };
  const { symbols } = extract(lang, content, { refs: false, signatures: false });
  return {
    language,
    symbols: symbols.map(({ name, kind, line, endLine, parent }) => ({ name, kind, line, endLine, ...(parent ? { parent } : {}) })),
  };
}

export { languageForPath, displayName, LANGUAGES, type LanguageId } from './languages';
export { languageWarnings } from './parser';
export { indexWorkspace, reindexFiles, type IndexOptions, type IndexProgress, type ReindexResult } from './indexer';
export { lastSummary, type IndexSummary, type LanguageCount } from './summary';
export { symbolMap, type SymbolMap, type SymbolMapOptions } from './map';
export { findSymbols, fileSymbols, isIndexed, type FindOptions, type FindResult, type MatchMode, type SymbolHit } from './query';
export { WorkspaceIndexer, SymbolIndexers, indexLimits, type IndexerStatus, type IndexLimits } from './indexers';
export { startSymbolIndexRun, onFilesChanged, symbolMapForPrompt, indexStatus, indexOverview, type IndexStatus, type IndexOverview } from './server';
export { sourceSnippet, type SourceSnippet } from './source';
