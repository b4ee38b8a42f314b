// Chunks that follow symbol boundaries: a retrieved chunk should be a whole
// function, class or impl block, which a model can read and edit, not 40
// arbitrary lines cut mid-statement. Large symbols are split along their
// methods, or else into overlapping windows; small neighbours (imports, short
// helpers, the comment above a function) are merged so no chunk is a crumb.
// Files without a grammar fall back to windows that prefer blank lines.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { outline, type OutlineSymbol } from '../symbols';
import type { Chunk } from './types';

export const MAX_CHARS = 1500;
export const MAX_LINES = 60;
const MIN_CHARS = 300;
const OVERLAP_LINES = 5;

interface Piece {
  start: number; // 1-based, inclusive
  end: number;
  symbol: string;
  /** Set when one overlong line was cut: the slice of that line. */
  slice?: [number, number];
}

const EXT_LANG: Record<string, string> = {
  md: 'markdown', mdx: 'markdown', json: 'json', toml: 'toml', yaml: 'yaml', yml: 'yaml', sh: 'shell', bash: 'shell',
  zsh: 'shell', css: 'css', scss: 'scss', html: 'html', sql: 'sql', txt: 'text', kt: 'kotlin', swift: 'swift',
  scala: 'scala', lua: 'lua', dart: 'dart', ex: 'elixir', exs: 'elixir', vue: 'vue', svelte: 'svelte', xml: 'xml',
};

export function languageByExtension(file: string): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  return EXT_LANG[ext] ?? (ext || 'text');
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Lines of the file, 1-based via index - 1; a final newline does not make an extra line. */
export function splitLines(content: string): string[] {
  const lines = content.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

class Sizer {
  private prefix: number[] = [0];
  constructor(lines: string[]) {
    for (const l of lines) this.prefix.push(this.prefix[this.prefix.length - 1] + l.length + 1);
  }
  chars = (start: number, end: number) => this.prefix[end] - this.prefix[start - 1];
}

/** Symbols not inside another one: the file's top level within [from, to]. */
function topLevel(symbols: OutlineSymbol[], from: number, to: number): OutlineSymbol[] {
  const inside = symbols
    .filter((s) => s.line >= from && s.endLine <= to && s.endLine >= s.line)
    .sort((a, b) => a.line - b.line || b.endLine - a.endLine);
  const out: OutlineSymbol[] = [];
  let lastEnd = from - 1;
  for (const s of inside) {
    if (s.line <= lastEnd) continue;
    out.push(s);
    lastEnd = s.endLine;
  }
  return out;
}

const nameOf = (s: OutlineSymbol) => (s.parent ? `${s.parent}.${s.name}` : s.name);

/** Windows of at most MAX_LINES / MAX_CHARS with a few lines of overlap, ending at a blank line when one is near. */
function windows(lines: string[], size: Sizer, start: number, end: number, symbol: string): Piece[] {
  const out: Piece[] = [];
  let s = start;
  while (s <= end) {
    let e = s;
    while (e < end && e - s + 1 < MAX_LINES && size.chars(s, e + 1) <= MAX_CHARS) e++;
    if (e === s && size.chars(s, s) > MAX_CHARS) {
      // One overlong line: cut it by characters.
      const len = lines[s - 1].length;
      for (let c = 0; c < len; c += MAX_CHARS) out.push({ start: s, end: s, symbol, slice: [c, Math.min(len, c + MAX_CHARS)] });
      s++;
      continue;
    }
    if (e < end) {
      for (let b = e; b > s + Math.floor((e - s) * 0.6); b--) {
        if (lines[b - 1].trim() === '') {
          e = b;
          break;
        }
      }
    }
    out.push({ start: s, end: e, symbol });
    if (e >= end) break;
    s = Math.max(s + 1, e + 1 - OVERLAP_LINES);
  }
  return out;
}

/** Pieces covering [from, to]: symbols and the gaps between them; big symbols split along their members. */
function pieces(lines: string[], size: Sizer, symbols: OutlineSymbol[], from: number, to: number, outer: string): Piece[] {
  const out: Piece[] = [];
  const gap = (s: number, e: number) => {
    if (e >= s) out.push(...windows(lines, size, s, e, outer));
  };
  let cursor = from;
  for (const sym of topLevel(symbols, from, to)) {
    gap(cursor, sym.line - 1);
    const name = nameOf(sym);
    const big = size.chars(sym.line, sym.endLine) > MAX_CHARS || sym.endLine - sym.line + 1 > MAX_LINES;
    const members = big ? symbols.filter((s) => s !== sym && s.line >= sym.line && s.endLine <= sym.endLine) : [];
    if (!big) out.push({ start: sym.line, end: sym.endLine, symbol: name });
    else if (members.some((m) => m.line > sym.line || m.endLine < sym.endLine)) {
      out.push(...pieces(lines, size, members.filter((m) => !(m.line === sym.line && m.endLine === sym.endLine)), sym.line, sym.endLine, name));
    } else out.push(...windows(lines, size, sym.line, sym.endLine, name));
    cursor = sym.endLine + 1;
  }
  gap(cursor, to);
  return out;
}

const blank = (lines: string[], p: Piece) => !p.slice && lines.slice(p.start - 1, p.end).every((l) => l.trim() === '');

function mergeSmall(list: Piece[], size: Sizer): Piece[] {
  const chars = (p: Piece) => (p.slice ? p.slice[1] - p.slice[0] : size.chars(p.start, p.end));
  const out: Piece[] = [];
  for (const p of list) {
    const cur = out[out.length - 1];
    const fits = cur && !cur.slice && !p.slice && p.start === cur.end + 1 && chars(cur) + chars(p) <= MAX_CHARS && p.end - cur.start + 1 <= MAX_LINES;
    if (fits && (chars(cur) < MIN_CHARS || chars(p) < MIN_CHARS)) {
      const all = [...new Set([...cur.symbol.split(', '), ...p.symbol.split(', ')].filter(Boolean))];
      // "Cls.method" already says "Cls": do not list the class's own lines separately.
      const names = all.filter((n) => !all.some((o) => o.startsWith(`${n}.`)));
      out[out.length - 1] = { start: cur.start, end: p.end, symbol: names.join(', ') };
    } else out.push(p);
  }
  return out;
}

/** Chunks of one file, in line order. Never throws on code that does not parse. */
export async function chunkFile(file: string, content: string): Promise<Chunk[]> {
  const lines = splitLines(content);
  if (!lines.some((l) => l.trim() !== '')) return [];
  const ol = await outline(file, content).catch(() => ({ language: null, symbols: [] as OutlineSymbol[] }));
  const language = ol.language ?? languageByExtension(file);
  const size = new Sizer(lines);
  const n = lines.length;
  const symbols = ol.symbols.map((s) => ({ ...s, line: Math.max(1, s.line), endLine: Math.min(n, s.endLine) }));
  const list = mergeSmall(pieces(lines, size, symbols, 1, n, ''), size).filter((p) => !blank(lines, p));
  const seen = new Map<string, number>();
  return list.map((p) => {
    const whole = lines.slice(p.start - 1, p.end).join('\n');
    const text = p.slice ? whole.slice(p.slice[0], p.slice[1]) : whole;
    const input = `${file}${p.symbol ? ` · ${p.symbol}` : ''}\n${text}`;
    const hash = sha1(input);
    const k = seen.get(hash) ?? 0;
    seen.set(hash, k + 1);
    return { id: k ? `${hash}-${k}` : hash, path: file, startLine: p.start, endLine: p.end, language, symbol: p.symbol, text, input };
  });
}
