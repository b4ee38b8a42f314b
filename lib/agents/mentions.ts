// File paths and code identifiers named in a request, for ranking the Symbol
// Map. Request text is hostile and can be megabytes: the text is cut into
// tokens by one linear scan, each token is tested with anchored patterns, and
// tokens longer than any real path or name are skipped. (The old single regex
// backtracked quadratically on one long word: 40 KB took seconds.)

const MAX_MENTIONS = 20;
/** Longer than any path or identifier worth ranking by. */
const MAX_TOKEN = 256;

const PATH_RUN = /[\w.\-/]+/g;
const WORD_RUN = /\w+/g;
// A path ends in `.ext`: 1-8 letters, then no word character.
const EXT = /\.[A-Za-z]{1,8}(?!\w)/g;
const IDENT = /^(?:[A-Z][a-z0-9]+[A-Z]\w*|[a-z]+_[a-z_0-9]+|[a-z]+[A-Z]\w*)$/;

/** The longest prefix of a path-character run that ends in an extension (what the old greedy regex took). */
function pathIn(run: string): string | null {
  let end = -1;
  EXT.lastIndex = 0;
  for (let m = EXT.exec(run); m; m = EXT.exec(run)) if (m.index > 0) end = m.index + m[0].length;
  return end > 0 ? run.slice(0, end) : null;
}

export function mentionedIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(PATH_RUN)) {
    if (found.size >= MAX_MENTIONS) return [...found];
    if (m[0].length > MAX_TOKEN) continue;
    const p = pathIn(m[0]);
    if (p) found.add(p);
  }
  for (const m of text.matchAll(WORD_RUN)) {
    if (found.size >= MAX_MENTIONS) break;
    if (m[0].length <= MAX_TOKEN && IDENT.test(m[0])) found.add(m[0]);
  }
  return [...found];
}
