// Titles come from the request: a greeting names nothing, the user's own
// wording is kept, and a long message is cut at a word.
import { describe, expect, it } from 'vitest';
import { nextTitle, titleFromRequest, TITLE_CHARS, UNTITLED } from '../../lib/sessions/title';

describe('titleFromRequest', () => {
  it.each([
    ['create greet.py and run it', 'create greet.py and run it'],
    ['hello', null],
    ['Hi there!', null],
    ['hey, how are you?', null],
    ['thanks!', null],
    ['   ', null],
    ['```\nconst x = 1;\n```', 'const x = 1;'],
    ['hello! can you add a --verbose flag to the CLI?', 'add a --verbose flag to the CLI?'],
    ['Hi, could you please fix the failing test in parser.rs', 'fix the failing test in parser.rs'],
    ['Good morning. Please rename foo to bar', 'rename foo to bar'],
    ['I want you to write a CSV calculator', 'write a CSV calculator'],
    ['hello world program in Rust', 'hello world program in Rust'],
    ['hi can you explain main.rs', 'explain main.rs'],
    ['ok', null],
    ['history of the parser module: explain it', 'history of the parser module: explain it'],
    ['\n\n  write tests\n for the lexer', 'write tests'],
  ])('%j -> %j', (request, title) => {
    expect(titleFromRequest(request)).toBe(title);
  });

  it('takes the first sentence of a long message and cuts at a word with an ellipsis', () => {
    expect(titleFromRequest('Fix the tokenizer. It crashes on empty input and the error message names the wrong line, which confuses everyone.')).toBe('Fix the tokenizer');
    const long = titleFromRequest('add support for reading configuration from environment variables and from a dotfile in the home folder')!;
    expect(long.length).toBeLessThanOrEqual(TITLE_CHARS);
    expect(long.endsWith('…')).toBe(true);
    expect(long).toBe('add support for reading configuration from environment…');
    // A path with no space in reach is cut where it must be.
    const path = titleFromRequest(`read ${'a/'.repeat(60)}x.ts`)!;
    expect(path.length).toBe(TITLE_CHARS);
  });

  it('keeps the user\'s case and never leaves control characters', () => {
    expect(titleFromRequest('Explain\tthe   Parser')).toBe('Explain the Parser');
  });
});

describe('nextTitle', () => {
  it('names an untitled session from its first real request, and leaves a named one alone', () => {
    expect(nextTitle(UNTITLED, 'hello')).toBeNull();
    expect(nextTitle(UNTITLED, 'write a parser')).toBe('write a parser');
    expect(nextTitle('My renamed session', 'write a parser')).toBeNull();
  });
});
