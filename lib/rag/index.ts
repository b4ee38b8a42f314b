// Retrieval over the workspace: chunking along symbols, embeddings through
// Ollama, Chroma as the vector store (our own server unless chroma_url is set).
export { indexPath, isIndexing, type IndexOptions } from './indexer';
export { retrieve, nothingIndexed, type RetrieveOptions } from './retrieve';
export { ragStatus } from './status';
export { formatChunk, formatContext, contextUsedEvent } from './format';
export { startEmbedRun, summaryText, type EmbedRunOptions } from './run';
export { ChromaService, managedDataPath } from './connect';
export { startChromaServer, type ChromaServer } from './chroma-server';
export { chunkFile } from './chunk';
export { collectionName } from './store';
export * from './types';
