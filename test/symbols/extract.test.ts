// extract() on broken sources: the parse-error count stored per file.
import { describe, expect, test } from 'vitest';
import { extract } from '../../lib/symbols/extract';
import { LANGUAGES, type LanguageId } from '../../lib/symbols/languages';
import { loadLanguage } from '../../lib/symbols/parser';

const BROKEN = [
  '}}}{{{', 'fn (', 'def (:\n  x = [1, 2,\n', 'class {\n  if (x { y\n}\n', '"unterminated\n@@@ ### $$$\n', ')(\n'.repeat(50),
  'fn ok() {}\nstruct S { a: }\nimpl { fn x( }\nfn fine() -> u8 { 1 }\n', 'def ok():\n    pass\ndef bad(:\n    pass\nclass C(:\n    x =\n',
  'function ok() {}\nconst x = {;\nclass A { m( }\nexport const y = 1 +;\n',
];

describe('extract', () => {
  test('counts ERROR nodes as tree-sitter does, at any depth and when the whole file is one', async () => {
    let withErrors = 0;
    for (const id of Object.keys(LANGUAGES) as LanguageId[]) {
      const lang = (await loadLanguage(id))!;
      for (const text of [...BROKEN, BROKEN.join('\n'), 'x'.repeat(10)]) {
        const tree = lang.parser.parse(text)!;
        const want = tree.rootNode.hasError ? Math.max(1, tree.rootNode.descendantsOfType('ERROR').length) : 0;
        tree.delete();
        expect(extract(lang, text).errors, `${id}: ${JSON.stringify(text.slice(0, 40))}`).toBe(want);
        if (want > 1) withErrors++;
      }
    }
    // The samples must exercise several errors per file, not only clean parses.
    expect(withErrors).toBeGreaterThan(20);
  });
});
