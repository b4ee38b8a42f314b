// Tool-call recovery for replies that carry no native `tool_calls`. Small
// models (qwen2.5-coder 7b/14b) often write the call as text: bare JSON, JSON
// in a ```json fence, Hermes `<tool_call>` tags, broken JSON, or a markdown
// code block under a file name instead of calling write_file at all. Pure: no
// I/O, so the agent loop decides what to run and what to tell the model.
//
// Layout, in dependency order: scanner.ts (where a JSON value ends),
// parse.ts (parsing with repairs), shapes.ts (parsed value -> calls),
// extract.ts (one walk over the reply), fenced.ts (code under a file name ->
// write_file), nudge.ts (no call at all). This file is the public API.
import { canonicalJson } from '../loop-guard';
import { scanText, type State } from './extract';
import { fencedFile } from './fenced';
import type { Recovery } from './types';

export type { RecoveredCall, RecoveredKind, Recovery } from './types';
export { scanBalanced } from './scanner';
export { repairArguments } from './parse';
export { NUDGE_MESSAGE, looksLikeExplainingInsteadOfActing } from './nudge';

/**
 * Recovers tool calls from the text of a reply without native tool_calls.
 * Explicit calls (JSON, tags) win; fenced code blocks under a file name become
 * write_file only when the reply attempted no explicit call at all.
 */
export function recoverToolCalls(content: string, knownTools: string[]): Recovery {
  const s: State = { known: knownTools, calls: [], errors: [] };
  const blocks = scanText(s, content);
  if (s.calls.length === 0 && s.errors.length === 0 && knownTools.includes('write_file')) {
    for (const b of blocks) {
      const f = fencedFile(content, b);
      if (f) s.calls.push({ name: 'write_file', arguments: { path: f.path, content: f.content }, kind: 'fenced_file' });
    }
  }
  // The same call shown twice (e.g. once fenced, once bare) runs once.
  const seen = new Set<string>();
  const calls = s.calls.filter((c) => {
    const key = `${c.name}\u0000${canonicalJson(c.arguments)}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { calls, errors: [...new Set(s.errors)] };
}
