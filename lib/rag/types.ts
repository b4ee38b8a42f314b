// Shapes shared by the retrieval modules and their callers (chat, tools, API).
import type { ChromaClient } from 'chromadb';
import type { Config } from '../config/schema';

export type RagErrorCode = 'chroma_unavailable' | 'model_missing' | 'ollama' | 'busy' | 'bad_path';

/** A failure whose message is meant for the user as-is (what went wrong, what to do). */
export class RagError extends Error {
  constructor(readonly code: RagErrorCode, message: string) {
    super(message);
    this.name = 'RagError';
  }
}

export interface Chunk {
  /** Chroma id: content hash of `input` (+ "-n" for repeats within one file). */
  id: string;
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  language: string;
  /** Symbol name(s) the chunk covers; '' for the lines between symbols. */
  symbol: string;
  text: string;
  /** What is embedded: path and symbol as a header, then the text. */
  input: string;
}

export interface RagTarget {
  config: Config;
  dataDir: string;
  workspaceId: string;
  /** The app's Chroma (its server, clients and index locks): ChromaService in connect.ts. */
  chroma: ChromaPort;
}

export interface ChromaConnection {
  client: ChromaClient;
  url: string;
  server: 'managed' | 'external';
}

export interface ChromaPort {
  connect(config: Config, dataDir: string, opts?: { retry?: boolean }): Promise<ChromaConnection>;
  /** Collections an index run is writing now. */
  readonly indexing: Set<string>;
}

export interface IndexProgress {
  phase: 'scanning' | 'embedding' | 'done';
  /** Files handled so far, of `total` (0 while still scanning). */
  done: number;
  total: number;
  embedded: number;
  label: string;
}

export interface SkippedFiles {
  binary: number;
  tooLarge: number;
  notUtf8: number;
  minified: number;
}

export interface IndexSummary {
  files: number;
  chunks: number;
  embedded: number;
  skippedUnchanged: number;
  removed: number;
  embedCalls: number;
  durationMs: number;
  /** Time blocked waiting on /api/embed; calls overlap chunking, so this is the wait nothing hid. */
  embedMs: number;
  /** Time Chroma writes were in flight (they overlap chunking and embedding). */
  writeMs: number;
  skipped: SkippedFiles;
  collection: string;
}

export interface RetrievedChunk {
  path: string;
  startLine: number;
  endLine: number;
  language: string;
  symbol: string;
  /** Cosine similarity, 1 = same direction. */
  score: number;
  text: string;
  /** The file changed since it was indexed: the text is the symbol's current code. */
  stale?: boolean;
}

export interface Retrieval {
  /** 'off': retrieval is unavailable (reason says why and what to do); 'empty': nothing indexed yet. */
  status: 'ok' | 'empty' | 'off';
  reason?: string;
  chunks: RetrievedChunk[];
  /** Estimated tokens of the chunks' text. */
  tokens: number;
}

export interface RagStatus {
  on: boolean;
  reason?: string;
  /** Where Chroma answers ('' when it does not). */
  url: string;
  /** 'managed': our child process; 'external': chroma_url. */
  server: 'managed' | 'external';
  model: string;
  collection: string;
  chunks: number;
  /** The workspace root recorded at the last index run. */
  root?: string;
  indexedAt?: number;
  indexing: boolean;
}
