// Top-K chunks for a question, fitted to a token budget. Never throws for an
// expected failure: when Chroma or the embedding model is unavailable the
// result says "off" and why, so chat goes on without retrieval.
import type { Metadata } from 'chromadb';
import { estimateTokens } from '../llm/budget';
import { embed } from './embed';
import { SourceReader } from './source';
import { collectionName, findCollection, type ChunkMeta } from './store';
import { RagError, type RagTarget, type Retrieval, type RetrievedChunk } from './types';

export interface RetrieveOptions extends RagTarget {
  query: string;
  /** Default: rag_top_k. */
  k?: number;
  /** Budget for the chunks' text. Default: rag_context_tokens. */
  tokens?: number;
  /** Workspace root; default: the one recorded when the workspace was indexed. */
  root?: string;
  signal?: AbortSignal;
}

/** Below this many tokens left, a further chunk is not worth clipping in. */
const MIN_CLIP_TOKENS = 80;

export const nothingIndexed = (model: string) =>
  `Nothing is indexed for this workspace with the embedding model ${model} yet. Index it with \`/index src/\` (or \`/index .\` for everything) in chat, or the Embed button on the index page.`;

const off = (reason: string): Retrieval => ({ status: 'off', reason, chunks: [], tokens: 0 });

/** First lines of a chunk that fit in `tokens`. */
function clip(c: RetrievedChunk, tokens: number): RetrievedChunk | null {
  const lines = c.text.split('\n');
  let used = 0;
  let n = 0;
  while (n < lines.length && used + estimateTokens(lines[n]) + 1 <= tokens) used += estimateTokens(lines[n++]) + 1;
  if (n === 0) return null;
  return { ...c, text: lines.slice(0, n).join('\n'), endLine: c.startLine + n - 1 };
}

const overlaps = (a: RetrievedChunk, b: RetrievedChunk) =>
  a.path === b.path && Math.min(a.endLine, b.endLine) - Math.max(a.startLine, b.startLine) + 1 > (b.endLine - b.startLine + 1) / 2;

export async function retrieve(opts: RetrieveOptions): Promise<Retrieval> {
  const { config } = opts;
  const k = opts.k ?? config.rag_top_k;
  const budget = opts.tokens ?? config.rag_context_tokens;
  if (k <= 0 || budget <= 0) return off(`Retrieval is turned off in the configuration (rag_top_k = ${config.rag_top_k}, rag_context_tokens = ${config.rag_context_tokens}).`);
  if (!opts.query.trim()) return { status: 'ok', chunks: [], tokens: 0 };
  try {
    const conn = await opts.chroma.connect(config, opts.dataDir);
    const col = await findCollection(conn.client, collectionName(opts.workspaceId, config.embedding_model));
    const count = col ? await col.count() : 0;
    if (!col || !count) return { status: 'empty', reason: nothingIndexed(config.embedding_model), chunks: [], tokens: 0 };
    const [vector] = await embed(config.ollama_host, config.embedding_model, [opts.query], opts.signal);
    // A few extra: overlapping windows and vanished files are dropped below.
    const res = await col.query<Metadata>({ queryEmbeddings: [vector], nResults: Math.min(count, k * 2), include: ['metadatas', 'distances'] });
    const root = opts.root ?? (typeof col.metadata?.root === 'string' ? col.metadata.root : undefined);
    const reader = new SourceReader(root);
    const chosen: RetrievedChunk[] = [];
    let tokens = 0;
    const ids = res.ids[0] ?? [];
    for (let i = 0; i < ids.length && chosen.length < k; i++) {
      const m = res.metadatas[0]?.[i] as unknown as ChunkMeta | null;
      if (!m) continue;
      const src = await reader.read(ids[i], m);
      if (!src) continue;
      const score = Math.round((1 - (res.distances[0]?.[i] ?? 1)) * 1000) / 1000;
      const { stale, ...rest } = src;
      const c: RetrievedChunk = { path: m.path, language: m.language, score, ...rest, ...(stale ? { stale } : {}) };
      if (chosen.some((o) => overlaps(o, c))) continue;
      const cost = estimateTokens(c.text);
      if (tokens + cost <= budget) {
        chosen.push(c);
        tokens += cost;
        continue;
      }
      const left = budget - tokens;
      const part = left >= MIN_CLIP_TOKENS || !chosen.length ? clip(c, left) : null;
      if (part) {
        chosen.push(part);
        tokens += estimateTokens(part.text);
      }
      break;
    }
    return { status: 'ok', chunks: chosen, tokens };
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    if (e instanceof RagError) return off(e.message);
    return off(`Retrieval failed: ${(e as Error).message ?? String(e)}`);
  }
}
