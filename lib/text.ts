// Small pure text helpers shared by server and browser code.

/** Lines in a text the way editors count them: a final newline ends a line, it does not start one. */
export const countLines = (text: string): number => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
