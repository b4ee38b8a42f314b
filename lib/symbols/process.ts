// One file from disk to a record: read, hash, and (when the hash differs)
// parse. Shared by the indexer's own thread and its worker threads.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { extract } from './extract';
import type { LanguageId } from './languages';
import { loadLanguage } from './parser';
import { encodeRefs, type FileRecord } from './store';
import { looksBinary } from '../workspace/binary';
import { countLines } from '../text';

export interface FileJob {
  rel: string;
  abs: string;
  language: LanguageId;
  mtimeMs: number;
  size: number;
  /** Hash stored by the last run: equal content is not parsed again. */
  oldHash?: string;
}

export type Outcome =
  | { kind: 'write'; record: FileRecord }
  | { kind: 'same' }
  | { kind: 'skip'; reason: 'binary' | 'minified' | 'noGrammar' }
  | { kind: 'error'; message: string };

// Minified bundles: many kilobytes on very few lines say nothing a reader needs.
const MINIFIED_MIN_BYTES = 20_000;
const MINIFIED_LINE_CHARS = 1000;


async function processOne(job: FileJob): Promise<Outcome> {
  const buf = fs.readFileSync(job.abs);
  const hash = createHash('sha1').update(buf).digest('hex');
  if (hash === job.oldHash) return { kind: 'same' };
  if (looksBinary(buf)) return { kind: 'skip', reason: 'binary' };
  const text = buf.toString('utf8'); // invalid UTF-8 becomes U+FFFD; the rest still parses
  const lines = countLines(text);
  if (buf.length > MINIFIED_MIN_BYTES && buf.length / lines > MINIFIED_LINE_CHARS) return { kind: 'skip', reason: 'minified' };
  // Not stored without a grammar: a later run with a working grammar must parse it.
  const lang = await loadLanguage(job.language);
  if (!lang) return { kind: 'skip', reason: 'noGrammar' };
  const ex = extract(lang, text);
  return {
    kind: 'write',
    record: { path: job.rel, language: job.language, mtimeMs: job.mtimeMs, size: job.size, hash, lines, parseErrors: ex.errors, refs: encodeRefs(ex.refs), symbols: ex.symbols },
  };
}

/** Never throws: a file that cannot be read or parsed becomes an error outcome. */
export async function processFile(job: FileJob): Promise<Outcome> {
  try {
    return await processOne(job);
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}
