// A session's title comes from its first real request: "hello" or
// "thanks!" says nothing about the work, so it names nothing, and the next
// message gets the chance. Pure: no database, shared by the chat turn and tests.

export const UNTITLED = 'New session';
export const TITLE_CHARS = 60;

// A greeting or filler word at the very start, with what usually follows it ("hi there,"), when punctuation
// or a request follows: "hello world program" is a request, "hello, add ..." and "hi can you ..." are greetings.
const GREETING = /^(?:hi+|hello+|hey+|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening|day)|thanks|thank\s+you|thx|ok(?:ay)?|so|well)\b(?:\s+(?:there|all|everyone|team|assistant|again|folks))?(?:\s*[,.!:;~-]+\s*|\s*$|\s+(?=(?:can|could|would|will|please|pls|i)\b))/i;
// Politeness in front of the request: "could you please add ..." -> "add ...".
const ASK = /^(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+|pls\s+|i(?:'d|\s+would)\s+like\s+you\s+to\s+|i\s+want\s+you\s+to\s+)/i;
// Whole messages that are small talk only.
const SMALL_TALK = /^(?:how\s+are\s+you(?:\s+doing)?(?:\s+today)?|what'?s\s+up|how'?s\s+it\s+going|are\s+you\s+there|you\s+there|test(?:ing)?)\W*$/i;

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  // Break at a word when one ends in the last third; a long path has none.
  return `${(space > max * 0.6 ? head.slice(0, space) : head).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/**
 * The title a request gives its session, or null when it is only a greeting
 * or small talk (the session stays untitled until a request names it).
 * The user's wording is kept: a title is found again by what was typed.
 */
export function titleFromRequest(request: string): string | null {
  // The first line with words in it that is not a code fence.
  const line = request
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /\p{L}/u.test(l) && !l.startsWith('```'));
  if (!line) return null;
  let text = line.replace(/\s+/g, ' ');
  for (let i = 0; i < 3; i++) {
    const next = text.replace(GREETING, '').replace(ASK, '');
    if (next === text) break;
    text = next;
  }
  text = text.replace(/^[\s,.!:;-]+/, '');
  if (!/\p{L}{2}/u.test(text) || SMALL_TALK.test(text)) return null;
  // The first sentence when a long message goes on: "Fix the parser. It crashes on ..." -> "Fix the parser".
  const sentence = /^(.{12,}?[.!?])\s/.exec(text);
  if (sentence && text.length > TITLE_CHARS) text = sentence[1].replace(/[.]$/, '');
  return cut(text, TITLE_CHARS);
}

/** The title after this request: an untitled session takes the request's; a named one (or a renamed one) keeps its own. */
export function nextTitle(current: string, request: string): string | null {
  if (current !== UNTITLED) return null;
  return titleFromRequest(request);
}
