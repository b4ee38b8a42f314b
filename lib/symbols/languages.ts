// Which files we parse and with which grammar. Only the mapping lives here;
// what a language's symbols are lives in queries/<id>.scm.
import path from 'node:path';

export type LanguageId =
  | 'python' | 'javascript' | 'typescript' | 'tsx' | 'rust' | 'go'
  | 'java' | 'cpp' | 'csharp' | 'ruby' | 'php';

interface LanguageInfo {
  /** Shown in the Symbol Map header and the UI. */
  display: string;
  /** File in @vscode/tree-sitter-wasm/wasm/. */
  wasm: string;
  extensions: string[];
}

export const LANGUAGES: Record<LanguageId, LanguageInfo> = {
  python: { display: 'Python', wasm: 'tree-sitter-python.wasm', extensions: ['.py', '.pyi'] },
  javascript: { display: 'JavaScript', wasm: 'tree-sitter-javascript.wasm', extensions: ['.js', '.mjs', '.cjs', '.jsx'] },
  typescript: { display: 'TypeScript', wasm: 'tree-sitter-typescript.wasm', extensions: ['.ts', '.mts', '.cts'] },
  // TSX needs its own grammar but is TypeScript to a reader.
  tsx: { display: 'TypeScript', wasm: 'tree-sitter-tsx.wasm', extensions: ['.tsx'] },
  rust: { display: 'Rust', wasm: 'tree-sitter-rust.wasm', extensions: ['.rs'] },
  go: { display: 'Go', wasm: 'tree-sitter-go.wasm', extensions: ['.go'] },
  java: { display: 'Java', wasm: 'tree-sitter-java.wasm', extensions: ['.java'] },
  // No C grammar ships; the C++ grammar reads C headers and sources well enough.
  cpp: { display: 'C++', wasm: 'tree-sitter-cpp.wasm', extensions: ['.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.h', '.c'] },
  csharp: { display: 'C#', wasm: 'tree-sitter-c-sharp.wasm', extensions: ['.cs'] },
  ruby: { display: 'Ruby', wasm: 'tree-sitter-ruby.wasm', extensions: ['.rb'] },
  php: { display: 'PHP', wasm: 'tree-sitter-php.wasm', extensions: ['.php'] },
};

const BY_EXT = new Map<string, LanguageId>();
for (const [id, info] of Object.entries(LANGUAGES) as [LanguageId, LanguageInfo][]) {
  for (const ext of info.extensions) BY_EXT.set(ext, id);
}

export function languageForPath(file: string): LanguageId | null {
  if (file.endsWith('.d.ts')) return 'typescript';
  return BY_EXT.get(path.extname(file).toLowerCase()) ?? null;
}

export function displayName(lang: string): string {
  return (LANGUAGES as Record<string, LanguageInfo | undefined>)[lang]?.display ?? lang;
}
