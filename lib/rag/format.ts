// How retrieved chunks are shown to the model (prompt context, search_code)
// and to the UI ("context used").
import type { EventBody } from '../runs/events';
import type { Retrieval, RetrievedChunk } from './types';

const FENCE: Record<string, string> = { typescript: 'ts', tsx: 'tsx', javascript: 'js', python: 'python', rust: 'rust', csharp: 'csharp', cpp: 'cpp' };

/** `src/state.rs:6-40 · TerminalState (score 0.82)` then the code in a fence. */
export function formatChunk(c: RetrievedChunk): string {
  const head = `${c.path}:${c.startLine}-${c.endLine}${c.symbol ? ` · ${c.symbol}` : ''} (score ${c.score.toFixed(2)}${c.stale ? ', changed since indexed' : ''})`;
  const fence = c.text.includes('```') ? '````' : '```';
  return `${head}\n${fence}${FENCE[c.language] ?? c.language}\n${c.text}\n${fence}`;
}

/** The block injected into the prompt before answering; '' when nothing was retrieved. */
export function formatContext(r: Retrieval): string {
  if (r.status !== 'ok' || !r.chunks.length) return '';
  return [
    '# Relevant code from this workspace (retrieved by similarity; check before relying on it)',
    ...r.chunks.map(formatChunk),
  ].join('\n\n');
}

/** The UI event listing what was injected. */
export function contextUsedEvent(r: Retrieval): Extract<EventBody, { type: 'context_used' }> {
  return {
    type: 'context_used',
    source: 'rag',
    items: r.chunks.map((c) => ({ path: c.path, startLine: c.startLine, endLine: c.endLine, score: c.score, ...(c.symbol ? { title: c.symbol } : {}) })),
    tokens: r.tokens,
  };
}
