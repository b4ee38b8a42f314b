// Full and incremental indexing of a workspace. Unchanged files cost one stat
// (mtime and size), touched-but-identical files one read and hash; only files
// whose content changed are parsed again, on worker threads when there are
// many. Parse errors never stop a run.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db';
import { languageForPath } from './languages';
import { languageWarnings } from './parser';
import { defaultWorkers, ParsePool } from './pool';
import { processFile, type FileJob, type Outcome } from './process';
import { applyBatch, existingFile, existingFiles, type Batch } from './store';
import { languageStats, saveSummary, type IndexSummary } from './summary';
import { isIgnoredPath, walkFiles, type Verdict } from '../workspace/walk';

export interface IndexProgress {
  phase: 'walk' | 'parse' | 'done';
  done: number;
  total: number;
}

export interface IndexOptions {
  maxFileBytes?: number;
  maxFiles?: number;
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortSignal;
  /** Parse worker threads; 0 parses on this thread. Default: the cores, when there is enough to parse. */
  workers?: number;
  /** The app's parse workers (SymbolIndexers.pool); without it a pool lives for this run only. */
  pool?: (size: number) => ParsePool;
}

// Written as results arrive, so SQLite writes overlap parsing on the workers
// instead of piling up after the last file.
const BATCH = 32;
const MAX_ERRORS_KEPT = 50;
// Below this much to parse, starting workers costs more than it saves.
const WORKER_MIN_BYTES = 2_000_000;
export const DEFAULT_MAX_FILES = 25_000;

/** Source files in a language with a grammar; minified bundles are not worth a look. */
const sourceFile = (name: string): Verdict => (languageForPath(name) && !name.endsWith('.min.js') ? 'keep' : 'ignore');

export async function indexWorkspace(db: Db, workspaceId: string, root: string, opts: IndexOptions = {}): Promise<IndexSummary> {
  const started = Date.now();
  const realRoot = fs.realpathSync(root);
  opts.onProgress?.({ phase: 'walk', done: 0, total: 0 });
  const { files, skipped } = await walkFiles(realRoot, {
    select: sourceFile, maxFileBytes: opts.maxFileBytes ?? 1_000_000, maxFiles: opts.maxFiles ?? DEFAULT_MAX_FILES, signal: opts.signal,
  });
  const existing = existingFiles(db, workspaceId);
  const errors: IndexSummary['errors'] = [];
  const warnings = new Set<string>();
  let errorCount = 0;
  const counts = { parsed: 0, unchanged: 0, removed: 0, binary: 0, minified: 0, noGrammar: 0 };
  let batch: Batch = { write: [], touch: [], remove: [] };
  const flush = () => {
    if (batch.write.length || batch.touch.length || batch.remove.length) applyBatch(db, workspaceId, batch);
    batch = { write: [], touch: [], remove: [] };
  };
  const seen = new Set<string>();
  const jobs: FileJob[] = [];
  for (const f of files) {
    seen.add(f.rel);
    const old = existing.get(f.rel);
    if (old && old.mtimeMs === f.mtimeMs && old.size === f.size) counts.unchanged++;
    else jobs.push({ rel: f.rel, abs: f.abs, language: languageForPath(f.rel)!, mtimeMs: f.mtimeMs, size: f.size, oldHash: old?.hash });
  }
  const fail = (rel: string, message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS_KEPT) errors.push({ path: rel, message });
  };
  let done = 0;
  let lastProgress = 0;
  const handle = (job: FileJob, out: Outcome) => {
    done++;
    if (out.kind === 'same') {
      counts.unchanged++;
      batch.touch.push({ id: existing.get(job.rel)!.id, mtimeMs: job.mtimeMs, size: job.size });
    } else if (out.kind === 'write') {
      counts.parsed++;
      batch.write.push(out.record);
      if (out.record.parseErrors) fail(job.rel, `${out.record.parseErrors} syntax error node(s); indexed what parsed`);
    } else {
      // Skipped or unreadable: out of the index (a file that became binary drops out).
      seen.delete(job.rel);
      if (out.kind === 'skip') counts[out.reason]++;
      else fail(job.rel, out.message);
    }
    if (batch.write.length + batch.touch.length >= BATCH) flush();
    if (Date.now() - lastProgress > 100) {
      lastProgress = Date.now();
      opts.onProgress?.({ phase: 'parse', done, total: jobs.length });
    }
  };

  let pending = jobs;
  const bytes = jobs.reduce((a, j) => a + j.size, 0);
  const workers = opts.workers ?? (bytes >= WORKER_MIN_BYTES ? defaultWorkers() : 0);
  if (workers > 0 && jobs.length > 1) {
    const own = opts.pool ? null : new ParsePool(workers);
    const pool = opts.pool?.(workers) ?? own!;
    const finished = new Set<FileJob>();
    try {
      await pool.run(jobs, (chunk, outs) => chunk.forEach((j, i) => (finished.add(j), handle(j, outs[i]))), opts.signal);
      pending = [];
    } catch (e) {
      opts.signal?.throwIfAborted();
      warnings.add(`parse workers failed (${e instanceof Error ? e.message : String(e)}); parsed the rest on the main thread`);
      pending = jobs.filter((j) => !finished.has(j));
    } finally {
      own?.close();
    }
    pool.warnings.forEach((w) => warnings.add(w));
  }
  let lastYield = Date.now();
  for (const job of pending) {
    handle(job, await processFile(job));
    // Parsing is synchronous: give the event loop (HTTP, SSE) a turn now and then.
    if (Date.now() - lastYield > 50) {
      opts.signal?.throwIfAborted();
      await new Promise((r) => setImmediate(r));
      lastYield = Date.now();
    }
  }
  for (const [p, row] of existing) {
    if (!seen.has(p)) {
      batch.remove.push(row.id);
      counts.removed++;
    }
  }
  flush();
  languageWarnings().forEach((w) => warnings.add(w));
  const stats = languageStats(db, workspaceId);
  const summary: IndexSummary = {
    root: realRoot,
    startedAt: started,
    durationMs: Date.now() - started,
    files: stats.files,
    symbols: stats.symbols,
    languages: stats.languages,
    parsed: counts.parsed,
    unchanged: counts.unchanged,
    removed: counts.removed,
    errorCount,
    errors,
    skipped: { ...skipped, binary: counts.binary, minified: counts.minified, noGrammar: counts.noGrammar },
    warnings: [...warnings],
  };
  saveSummary(db, workspaceId, summary);
  opts.onProgress?.({ phase: 'done', done: jobs.length, total: jobs.length });
  return summary;
}

export interface ReindexResult {
  updated: string[];
  removed: string[];
  unchanged: string[];
  skipped: string[];
}

/**
 * Re-index a few files now (a tool just wrote them), on this thread: one file
 * parses in milliseconds. Paths are workspace-relative or absolute inside
 * root; deleted files leave the index.
 */
export async function reindexFiles(db: Db, workspaceId: string, root: string, paths: string[], opts: { maxFileBytes?: number } = {}): Promise<ReindexResult> {
  const realRoot = fs.realpathSync(root);
  const maxFileBytes = opts.maxFileBytes ?? 1_000_000;
  const result: ReindexResult = { updated: [], removed: [], unchanged: [], skipped: [] };
  const batch: Batch = { write: [], touch: [], remove: [] };
  for (const given of paths) {
    const abs = path.resolve(realRoot, given);
    const rel = path.relative(realRoot, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const old = existingFile(db, workspaceId, rel);
    const language = languageForPath(rel);
    let st: fs.Stats | null = null;
    try {
      st = fs.lstatSync(abs);
    } catch { /* deleted */ }
    if (!st || !st.isFile() || !language || st.size > maxFileBytes || isIgnoredPath(realRoot, rel)) {
      if (old) {
        batch.remove.push(old.id);
        result.removed.push(rel);
      } else result.skipped.push(rel);
      continue;
    }
    if (old && old.mtimeMs === st.mtimeMs && old.size === st.size) {
      result.unchanged.push(rel);
      continue;
    }
    const out = await processFile({ rel, abs, language, mtimeMs: st.mtimeMs, size: st.size, oldHash: old?.hash });
    if (out.kind === 'write') {
      batch.write.push(out.record);
      result.updated.push(rel);
    } else if (out.kind === 'same') {
      batch.touch.push({ id: old!.id, mtimeMs: st.mtimeMs, size: st.size });
      result.unchanged.push(rel);
    } else {
      if (old) batch.remove.push(old.id);
      result.skipped.push(rel);
    }
  }
  applyBatch(db, workspaceId, batch);
  return result;
}

export type { IndexSummary } from './summary';
