// A retrieved chunk's text, read from the workspace file rather than stored
// in Chroma (see store.ts). The chunk id is the hash of what was embedded, so
// the text is verified; when the file changed since indexing, the current
// code of the same symbol is returned and marked stale instead of old code.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chunkFile, splitLines } from './chunk';
import type { ChunkMeta } from './store';

export interface SourceText {
  text: string;
  startLine: number;
  endLine: number;
  symbol: string;
  stale: boolean;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

export class SourceReader {
  private files = new Map<string, string | null>();

  constructor(private root: string | undefined) {}

  private content(rel: string): string | null {
    if (!this.files.has(rel)) {
      let text: string | null = null;
      if (this.root) {
        const abs = path.join(this.root, rel);
        // Never read outside the workspace, whatever the metadata says.
        const rel2 = path.relative(this.root, abs);
        if (!rel2.startsWith('..') && !path.isAbsolute(rel2)) text = safeRead(abs);
      }
      this.files.set(rel, text);
    }
    return this.files.get(rel)!;
  }

  async read(id: string, m: ChunkMeta): Promise<SourceText | null> {
    const content = this.content(m.path);
    if (content === null) return null;
    const lines = splitLines(content);
    const text = lines.slice(m.start - 1, m.end).join('\n');
    const hash = id.split('-')[0];
    if (sha1(`${m.path}${m.symbol ? ` · ${m.symbol}` : ''}\n${text}`) === hash) {
      return { text, startLine: m.start, endLine: m.end, symbol: m.symbol, stale: false };
    }
    // Changed file, or a chunk cut from one long line: chunk the current file and look it up.
    const chunks = await chunkFile(m.path, content);
    const same = chunks.find((c) => c.id === id);
    if (same) return { text: same.text, startLine: same.startLine, endLine: same.endLine, symbol: same.symbol, stale: false };
    const bySymbol = m.symbol
      ? chunks.filter((c) => c.symbol === m.symbol).sort((a, b) => Math.abs(a.startLine - m.start) - Math.abs(b.startLine - m.start))[0]
      : undefined;
    if (bySymbol) return { text: bySymbol.text, startLine: bySymbol.startLine, endLine: bySymbol.endLine, symbol: bySymbol.symbol, stale: true };
    if (m.start > lines.length) return null;
    const end = Math.min(m.end, lines.length);
    return { text: lines.slice(m.start - 1, end).join('\n'), startLine: m.start, endLine: end, symbol: m.symbol, stale: true };
  }
}

function safeRead(abs: string): string | null {
  try {
    const text = fs.readFileSync(abs, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // as the indexer read it
  } catch {
    return null;
  }
}
