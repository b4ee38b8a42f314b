// Grammar and query loading, once per process. A grammar or query that fails
// to load disables that language with a warning; the others go on.
import fs from 'node:fs';
import path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import { appRoot } from '../app-root';
import { LANGUAGES, type LanguageId } from './languages';

export interface LoadedLanguage {
  id: LanguageId;
  parser: Parser;
  query: Query;
}

let init: Promise<void> | null = null;
const loaded = new Map<LanguageId, Promise<LoadedLanguage | null>>();
const warnings = new Map<LanguageId, string>();

/** Overridable for tests that prove a broken grammar is skipped. */
export const grammarPaths = {
  wasmDir: () => path.join(appRoot(), 'node_modules/@vscode/tree-sitter-wasm/wasm'),
  queryDir: () => path.join(appRoot(), 'lib/symbols/queries'),
  override: new Map<LanguageId, string>(),
};

function initParser(): Promise<void> {
  // The runtime's own .wasm sits beside its JS in node_modules; point at it by
  // path so bundlers never try to compile it.
  init ??= Parser.init({
    locateFile: (name: string) => path.join(appRoot(), 'node_modules/web-tree-sitter', name),
  });
  return init;
}

async function load(id: LanguageId): Promise<LoadedLanguage | null> {
  try {
    await initParser();
    const wasm = grammarPaths.override.get(id) ?? path.join(grammarPaths.wasmDir(), LANGUAGES[id].wasm);
    const language = await Language.load(fs.readFileSync(wasm));
    const query = new Query(language, querySource(id));
    // One parser per language, reused for every file: creating one per file
    // costs more than parsing a small file.
    const parser = new Parser();
    parser.setLanguage(language);
    return { id, parser, query };
  } catch (e) {
    const msg = `${id}: grammar or query failed to load, files in this language are skipped (${e instanceof Error ? e.message : String(e)})`;
    warnings.set(id, msg);
    console.warn(`[symbols] ${msg}`);
    return null;
  }
}

/** A query file may start with `; inherits: other` to include another language's patterns first. */
export function querySource(id: string, seen = new Set<string>()): string {
  const own = fs.readFileSync(path.join(grammarPaths.queryDir(), `${id}.scm`), 'utf8');
  seen.add(id);
  const m = /^; inherits: ([\w,]+)/.exec(own);
  const base = m ? m[1].split(',').filter((b) => !seen.has(b)).map((b) => querySource(b, seen)) : [];
  return [...base, own].join('\n');
}

export function loadLanguage(id: LanguageId): Promise<LoadedLanguage | null> {
  let p = loaded.get(id);
  if (!p) loaded.set(id, (p = load(id)));
  return p;
}

export function languageWarnings(): string[] {
  return [...warnings.values()];
}

/** Forget loaded grammars (tests that swap a grammar path). */
export function resetLanguages(): void {
  for (const p of loaded.values()) void p.then((l) => { l?.parser.delete(); l?.query.delete(); });
  loaded.clear();
  warnings.clear();
}
