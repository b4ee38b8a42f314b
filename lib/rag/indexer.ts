// `/index <path>`: embed part of a workspace into its Chroma collection.
// Incremental at two levels: a file whose hash matches what the collection
// recorded is not even re-chunked, and a chunk whose content hash is already
// stored is never embedded again (only its line numbers are updated). Chroma
// is the one record of what is indexed, so a run that failed halfway simply
// finds the finished files in place and continues with the rest.
import fs from 'node:fs';
import { chunkFile } from './chunk';
import { embedBatchSize } from './embed';
import { EmbedQueue } from './embed-queue';
import { readText, walkText } from './files';
import { collectionName, fileHash, loadState, metaOf, normalizeModel, openCollection, type ChunkMeta, type FileState, type WriteSet } from './store';
import { RagError, type Chunk, type IndexProgress, type IndexSummary, type RagTarget, type SkippedFiles } from './types';
import { resolveTarget } from './target';
import { Writer } from './writer';

export interface IndexOptions extends RagTarget {
  /** Workspace root (a real path). */
  root: string;
  /** Workspace-relative folder or file: 'src/', '.', 'src-tauri/src/main.rs'. */
  path: string;
  onProgress?: (p: IndexProgress) => void;
  signal?: AbortSignal;
}

interface FileWork {
  chunks: Chunk[];
  file: string;
  vectors: Map<string, number[]>;
  pending: number;
  update: { id: string; meta: ChunkMeta }[];
  remove: string[];
}

/** Is an index run for this workspace and model in progress (in this process)? */
export const isIndexing = (t: RagTarget) => t.chroma.indexing.has(collectionName(t.workspaceId, t.config.embedding_model));

const sameMeta = (a: ChunkMeta, b: ChunkMeta) =>
  a.start === b.start && a.end === b.end && a.file === b.file && a.symbol === b.symbol && a.language === b.language && a.path === b.path;

function writeSetOf(w: FileWork): WriteSet {
  return {
    add: w.chunks.filter((c) => w.vectors.has(c.id)).map((chunk) => ({ chunk, file: w.file, vector: w.vectors.get(chunk.id)! })),
    update: w.update,
    remove: w.remove,
  };
}

export async function indexPath(opts: IndexOptions): Promise<IndexSummary> {
  const started = performance.now();
  const { config, signal } = opts;
  const name = collectionName(opts.workspaceId, config.embedding_model);
  const locks = opts.chroma.indexing;
  if (locks.has(name)) throw new RagError('busy', 'This workspace is being indexed already; wait for that run to finish.');
  locks.add(name);
  const skipped: SkippedFiles = { binary: 0, tooLarge: 0, notUtf8: 0, minified: 0 };
  const s: IndexSummary = { files: 0, chunks: 0, embedded: 0, skippedUnchanged: 0, removed: 0, embedCalls: 0, durationMs: 0, embedMs: 0, writeMs: 0, skipped, collection: name };
  let writer: Writer | null = null;
  let queue: EmbedQueue<{ work: FileWork; chunk: Chunk }> | null = null;
  let lastReport = 0;
  let total = 0;
  let done = 0;
  const report = (phase: IndexProgress['phase'], force = false) => {
    if (!opts.onProgress || (!force && performance.now() - lastReport < 150)) return;
    lastReport = performance.now();
    const label = phase === 'scanning' ? `Scanning ${opts.path || '.'}…` : `${done}/${total} files · ${s.embedded} chunks embedded · ${s.skippedUnchanged} unchanged`;
    opts.onProgress({ phase, done, total, embedded: s.embedded, label });
  };
  try {
    const { root, rel } = await resolveTarget(opts.root, opts.path);
    report('scanning', true);
    const conn = await opts.chroma.connect(config, opts.dataDir, { retry: true });
    const col = await openCollection(conn.client, name, { workspace: opts.workspaceId, model: normalizeModel(config.embedding_model), root });
    const restUrl = (await conn.client.supportsBase64Encoding()) ? conn.url : undefined;
    const w = (writer = new Writer({ col, maxBatch: await conn.client.getMaxBatchSize(), restUrl }));
    const state = await loadState(col);
    const files = await walkText(root, rel, config.index_max_file_bytes, skipped, signal);
    total = files.length;

    // Files gone from the folder (deleted, now ignored, now too big): their chunks go first.
    const under = (p: string) => rel === '' || p === rel || p.startsWith(`${rel}/`);
    const present = new Set(files.map((f) => f.rel));
    const gone = [...state].filter(([p]) => under(p) && !present.has(p)).flatMap(([, f]) => [...f.keys()]);
    s.removed += gone.length;
    await w.push({ add: [], update: [], remove: gone });

    const pushIfDone = async (work: FileWork) => {
      if (work.pending === 0) await w.push(writeSetOf(work));
    };
    const q = (queue = new EmbedQueue<{ work: FileWork; chunk: Chunk }>(
      { host: config.ollama_host, model: config.embedding_model, batch: embedBatchSize(config.embed_batch_size), signal },
      async (items, vectors) => {
        for (const [k, { work, chunk }] of items.entries()) {
          work.vectors.set(chunk.id, vectors[k]);
          work.pending--;
          await pushIfDone(work);
        }
        s.embedded = q.embedded;
        report('embedding');
      },
    ));

    for (const f of files) {
      signal?.throwIfAborted();
      done++;
      const existing: FileState = state.get(f.rel) ?? new Map();
      let buf: Buffer;
      try {
        buf = fs.readFileSync(f.abs);
      } catch {
        continue; // vanished or unreadable since the walk: its chunks stay until it is seen gone
      }
      const read = readText(buf);
      if ('skip' in read) {
        skipped[read.skip]++;
        s.removed += existing.size;
        if (existing.size) await w.push({ add: [], update: [], remove: [...existing.keys()] });
        continue;
      }
      const fh = fileHash(read.text);
      s.files++;
      if (existing.size && [...existing.values()].every((m) => m.file === fh)) {
        s.chunks += existing.size;
        s.skippedUnchanged += existing.size;
        report('embedding');
        continue;
      }
      const chunks = await chunkFile(f.rel, read.text);
      const ids = new Set(chunks.map((c) => c.id));
      const work: FileWork = { chunks, file: fh, vectors: new Map(), pending: 0, update: [], remove: [...existing.keys()].filter((id) => !ids.has(id)) };
      for (const chunk of chunks) {
        const old = existing.get(chunk.id);
        if (old) {
          s.skippedUnchanged++;
          const meta = metaOf(chunk, fh);
          if (!sameMeta(old, meta)) work.update.push({ id: chunk.id, meta });
        } else work.pending++;
      }
      s.chunks += chunks.length;
      s.removed += work.remove.length;
      await pushIfDone(work);
      // Queued after counting, so a batch returning meanwhile cannot see the file as complete too early.
      for (const chunk of chunks) if (!existing.has(chunk.id)) await q.add({ work, chunk }, chunk.input);
      report('embedding');
    }
    await q.finish();
    Object.assign(s, { embedded: q.embedded, embedCalls: q.calls, embedMs: q.waitMs });
    await w.drain();
    await col.modify({ metadata: { workspace: opts.workspaceId, model: normalizeModel(config.embedding_model), root, indexedAt: Date.now() } });
    s.durationMs = performance.now() - started;
    s.writeMs = w.writeMs;
    report('done', true);
    return s;
  } catch (e) {
    // Keep what is finished: the next run then continues where this one stopped.
    await queue?.abandon();
    await writer?.drain().catch(() => undefined);
    throw e;
  } finally {
    locks.delete(name);
  }
}
