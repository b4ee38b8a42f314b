// Embeddings through Ollama's /api/embed, many inputs per call: one request
// per chunk would spend more time in HTTP and model scheduling than in the model.
import { client, describeOllamaError } from '../llm/client';
import { RagError } from './types';

/** Inputs per call: the configured batch size, but never fewer than this many. */
export const MIN_EMBED_BATCH = 32;
export const embedBatchSize = (configured: number) => Math.max(MIN_EMBED_BATCH, configured);

export async function embed(host: string, model: string, input: string[], signal?: AbortSignal): Promise<number[][]> {
  if (!input.length) return [];
  let res: { embeddings: number[][] };
  try {
    res = await client(host, signal).embed({ model, input, truncate: true });
  } catch (e) {
    if (signal?.aborted) throw signal.reason ?? e;
    const msg = describeOllamaError(e, host, model);
    const missing = /is not pulled/.test(msg);
    throw new RagError(
      missing ? 'model_missing' : 'ollama',
      missing ? `The embedding model ${model} is not pulled. Run: ollama pull ${model}` : `Embedding failed: ${msg}`,
    );
  }
  if (!Array.isArray(res.embeddings) || res.embeddings.length !== input.length) {
    throw new RagError('ollama', `Embedding failed: Ollama returned ${res.embeddings?.length ?? 0} vectors for ${input.length} inputs.`);
  }
  return res.embeddings;
}
