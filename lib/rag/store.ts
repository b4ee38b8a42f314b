// The Chroma side of the index: one collection per workspace and embedding
// model (vectors of two models never mix), small metadata per chunk, and the
// chunk text kept out of Chroma: documents get a full-text index we never
// query, which more than halves write speed, and text read from the file at
// retrieval time is current even after the file changed.
import { createHash } from 'node:crypto';
import type { ChromaClient, Collection, Metadata } from 'chromadb';
import type { Chunk } from './types';

/** Bump when chunking changes: every file is then re-chunked (unchanged chunks keep their vectors). */
export const CHUNKER_VERSION = 1;

export interface ChunkMeta {
  path: string;
  start: number;
  end: number;
  language: string;
  symbol: string;
  /** Hash of the whole file at index time: equal means the file needs no work. */
  file: string;
}

/** What the collection holds for one file: chunk id -> metadata. */
export type FileState = Map<string, ChunkMeta>;

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Ollama treats "name" and "name:latest" as one model; so do we. */
export const normalizeModel = (m: string) => (/:[^/]+$/.test(m.trim()) ? m.trim() : `${m.trim()}:latest`);

/** 3-512 chars of [a-zA-Z0-9._-], alphanumeric at both ends (Chroma's rule). */
export function collectionName(workspaceId: string, model: string): string {
  const m = normalizeModel(model);
  const slug = (s: string, n: number) => s.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, n);
  return `ca-${slug(workspaceId, 64) || 'ws'}-${slug(m, 80) || 'model'}-${sha1(`${workspaceId}\0${m}`).slice(0, 10)}`;
}

export const fileHash = (content: string) => sha1(`${CHUNKER_VERSION}\0${content}`).slice(0, 16);
export const chunkHash = (input: string) => sha1(input);

export async function openCollection(client: ChromaClient, name: string, meta: Record<string, string | number>): Promise<Collection> {
  // No embedding function: we always pass vectors (the JS default one is not installed).
  return client.getOrCreateCollection({ name, embeddingFunction: null, configuration: { hnsw: { space: 'cosine' } }, metadata: meta });
}

/** The collection if it exists; null when nothing was ever indexed with this model. */
export async function findCollection(client: ChromaClient, name: string): Promise<Collection | null> {
  try {
    return await client.getCollection({ name });
  } catch (e) {
    if ((e as Error)?.name === 'ChromaNotFoundError') return null;
    throw e;
  }
}

const PAGE = 10_000;

/** Every file the collection knows, from metadata only (no vectors, no text). */
export async function loadState(col: Collection): Promise<Map<string, FileState>> {
  const state = new Map<string, FileState>();
  for (let offset = 0; ; offset += PAGE) {
    const page = await col.get<Metadata>({ include: ['metadatas'], limit: PAGE, offset });
    page.ids.forEach((id, i) => {
      const m = page.metadatas[i] as unknown as ChunkMeta | null;
      if (!m || typeof m.path !== 'string') return;
      let f = state.get(m.path);
      if (!f) state.set(m.path, (f = new Map()));
      f.set(id, m);
    });
    if (page.ids.length < PAGE) return state;
  }
}

export const metaOf = (c: Chunk, file: string): ChunkMeta => ({
  path: c.path, start: c.startLine, end: c.endLine, language: c.language, symbol: c.symbol, file,
});

export interface WriteSet {
  /** New chunks with their vectors. */
  add: { chunk: Chunk; file: string; vector: number[] }[];
  /** Kept chunks whose lines or file hash changed: metadata only, the vector stays. */
  update: { id: string; meta: ChunkMeta }[];
  remove: string[];
}

/** Where vectors go: the collection, and Chroma's REST address when it takes base64 vectors. */
export interface Target {
  col: Collection;
  maxBatch: number;
  /** Set when the server accepts base64 vectors (Chroma >= 1.0): upserts then skip the client. */
  restUrl?: string;
}

/** A vector as Chroma's base64 form: little-endian float32 bytes. */
export const vectorBase64 = (v: number[]) => Buffer.from(new Float32Array(v).buffer).toString('base64');

/**
 * Upsert through Chroma's REST API. The chromadb client encodes each vector
 * to base64 one byte at a time (Array.from + String.fromCharCode), which was
 * 17% of our CPU while indexing; Buffer does the same encoding natively. The
 * request is the one the client sends.
 */
async function restUpsert(url: string, col: Collection, ids: string[], vectors: number[][], metadatas: ChunkMeta[]): Promise<void> {
  const at = `${url}/api/v2/tenants/${encodeURIComponent(col.tenant)}/databases/${encodeURIComponent(col.database)}/collections/${encodeURIComponent(col.id)}/upsert`;
  const res = await fetch(at, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids, embeddings: vectors.map(vectorBase64), metadatas }),
  });
  if (!res.ok) throw new Error(`Chroma refused an upsert of ${ids.length} records (HTTP ${res.status}): ${(await res.text()).slice(0, 300)}`);
}

/**
 * Apply one write set: new records first, then metadata, then removals, so a
 * crash in between leaves extra old chunks (removed by the next run), never
 * missing ones. Split to Chroma's max batch size.
 */
export async function applyWrites(t: Target, w: WriteSet): Promise<void> {
  const { col, maxBatch } = t;
  for (let i = 0; i < w.add.length; i += maxBatch) {
    const part = w.add.slice(i, i + maxBatch);
    const ids = part.map((a) => a.chunk.id);
    const vectors = part.map((a) => a.vector);
    const metas = part.map((a) => metaOf(a.chunk, a.file));
    if (t.restUrl) await restUpsert(t.restUrl, col, ids, vectors, metas);
    else await col.upsert({ ids, embeddings: vectors, metadatas: metas as unknown as Metadata[] });
  }
  for (let i = 0; i < w.update.length; i += maxBatch) {
    const part = w.update.slice(i, i + maxBatch);
    await col.update({ ids: part.map((u) => u.id), metadatas: part.map((u) => u.meta as unknown as Metadata) });
  }
  for (let i = 0; i < w.remove.length; i += maxBatch) await col.delete({ ids: w.remove.slice(i, i + maxBatch) });
}
