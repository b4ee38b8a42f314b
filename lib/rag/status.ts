// Is retrieval on for this workspace, and how much is indexed? For the UI and
// for callers that want to say "retrieval is off" instead of failing.
import { isIndexing } from './indexer';
import { collectionName, findCollection, normalizeModel } from './store';
import { RagError, type RagStatus, type RagTarget } from './types';

export async function ragStatus(t: RagTarget): Promise<RagStatus> {
  const model = normalizeModel(t.config.embedding_model);
  const collection = collectionName(t.workspaceId, t.config.embedding_model);
  const base: RagStatus = {
    on: false, url: '', server: t.config.chroma_url.trim() ? 'external' : 'managed', model, collection, chunks: 0, indexing: isIndexing(t),
  };
  if (t.config.rag_top_k <= 0) return { ...base, reason: 'Retrieval is turned off in the configuration (rag_top_k = 0).' };
  try {
    const conn = await t.chroma.connect(t.config, t.dataDir);
    const col = await findCollection(conn.client, collection);
    const meta = col?.metadata ?? {};
    return {
      ...base,
      on: true,
      url: conn.url,
      chunks: col ? await col.count() : 0,
      ...(typeof meta.root === 'string' ? { root: meta.root } : {}),
      ...(typeof meta.indexedAt === 'number' ? { indexedAt: meta.indexedAt } : {}),
    };
  } catch (e) {
    return { ...base, reason: e instanceof RagError ? e.message : `Chroma error: ${(e as Error).message}` };
  }
}
