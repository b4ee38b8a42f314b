// The references a file records (for ranking) are its identifier tokens as
// the regex /[A-Za-z_$][\w$]+/ defines them, minus keywords; the scanner that
// finds them must agree with that definition on awkward input.
import { expect, test } from 'vitest';
import { extract } from '../../lib/symbols/extract';
import { loadLanguage } from '../../lib/symbols/parser';

const byRegex = (text: string, stop: Set<string>) => {
  const refs = new Map<string, number>();
  for (const [id] of text.matchAll(/[A-Za-z_$][\w$]+/g)) if (!stop.has(id)) refs.set(id, (refs.get(id) ?? 0) + 1);
  return refs;
};

test('identifier tokens: digits, $, underscores, non-ASCII and one-letter names', async () => {
  const lang = (await loadLanguage('javascript'))!;
  const text = 'const x1 = 0x1F + 9ab; $el.a$b = _; é_x ñame; a b cc cc\nfunction f(){ return user_id }\u00a0tail$';
  const refs = extract(lang, text).refs;
  // Keywords are left out by both; everything else matches the regex exactly.
  const stop = new Set(['const', 'function', 'return']);
  expect([...refs].sort()).toEqual([...byRegex(text, stop)].sort());
  expect(refs.get('x1F')).toBe(1); // inside a hex literal, as the regex finds it
  expect(refs.get('cc')).toBe(2);
  expect(refs.has('x')).toBe(false); // one letter: not a reference worth ranking
});
