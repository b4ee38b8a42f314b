// An MCP tool result as text for the model. Everything in it is hostile
// (any server, any size, any content type): text is kept, binary content is
// named and measured but never passed on, and the caller fits the whole to
// the tool-result budget and redacts secrets (lib/tools runTool).
import type { McpCallResult } from './types';

/** What is read from one result at most before fitting (a server may send gigabytes). */
const MAX_TEXT = 4 * 1024 * 1024;

type Item = { type?: unknown; text?: unknown; mimeType?: unknown; data?: unknown; uri?: unknown; name?: unknown; resource?: { uri?: unknown; text?: unknown; mimeType?: unknown; blob?: unknown } };

export function flattenResult(res: unknown): McpCallResult {
  const r = (res && typeof res === 'object' ? res : {}) as { content?: unknown; isError?: unknown; structuredContent?: unknown; toolResult?: unknown };
  const parts: string[] = [];
  let size = 0;
  const push = (s: string) => {
    if (size >= MAX_TEXT) return;
    const piece = s.slice(0, MAX_TEXT - size);
    size += piece.length;
    parts.push(piece);
  };
  for (const raw of Array.isArray(r.content) ? r.content : []) {
    const it = (raw ?? {}) as Item;
    switch (it.type) {
      case 'text':
        push(String(it.text ?? ''));
        break;
      case 'image':
      case 'audio':
        push(`[${String(it.type)} ${String(it.mimeType ?? '')}, ${typeof it.data === 'string' ? Math.floor((it.data.length * 3) / 4) : 0} bytes, not shown]`);
        break;
      case 'resource_link':
        push(`[resource ${String(it.name ?? '')} ${String(it.uri ?? '')}]`);
        break;
      case 'resource': {
        const res = it.resource ?? {};
        if (typeof res.text === 'string') push(`[resource ${String(res.uri ?? '')}]\n${res.text}`);
        else push(`[resource ${String(res.uri ?? '')} ${String(res.mimeType ?? '')}, binary, not shown]`);
        break;
      }
      default:
        push(`[${String(it.type ?? 'unknown')} content, not shown]`);
    }
  }
  if (!parts.length && r.structuredContent !== undefined) push(JSON.stringify(r.structuredContent));
  if (!parts.length && r.toolResult !== undefined) push(typeof r.toolResult === 'string' ? r.toolResult : JSON.stringify(r.toolResult));
  const text = parts.join('\n');
  return { ok: r.isError !== true, content: text || '(no output)' };
}
