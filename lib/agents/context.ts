// Project context for a turn, the infrastructure that makes small models
// useful: the Symbol Map in the system prompt, and before a substantive
// request the retrieved code and (when enabled) web results.
import fs from 'node:fs';
import type { App } from '../ports';
import type { Config } from '../config/schema';
import { contextUsedEvent, formatContext, managedDataPath, retrieve } from '../rag';
import type { RunContext } from '../runs/manager';
import { symbolMapForPrompt } from '../symbols/server';
import { searchContext } from '../web';
import { mentionedIn } from './mentions';

export interface Workspace {
  id: string;
  path: string;
}

/** File paths and code identifiers named in the request: the map ranks them first (linear in the text). */
export { mentionedIn };

/** The persona's prompt followed by the Symbol Map (empty when nothing is indexable). */
export async function withSymbolMap(app: App, ws: Workspace, system: string, text: string): Promise<string> {
  try {
    const map = await symbolMapForPrompt(app, ws, { mentioned: mentionedIn(text) });
    return map.text ? `${system}\n\n${map.text}` : system;
  } catch (err) {
    console.warn('[symbols] no Symbol Map for this turn:', err);
    return system;
  }
}

/** Retrieved chunks and web results to put before the request; '' when there are none. */
export async function requestContext(app: App, ctx: RunContext, config: Config, ws: Workspace, text: string): Promise<string> {
  const parts: string[] = [];
  // The bundled Chroma keeps its data in the data folder: none there means
  // nothing was ever embedded, and no server needs starting for this turn.
  const everIndexed = config.chroma_url !== '' || fs.existsSync(managedDataPath(app.dataDir));
  const r = everIndexed
    ? await retrieve({ config, dataDir: app.dataDir, chroma: app.chroma, workspaceId: ws.id, query: text, root: ws.path, signal: ctx.signal })
    : ({ status: 'empty', chunks: [], tokens: 0 } as const);
  if (r.status === 'ok' && r.chunks.length) {
    ctx.emit(contextUsedEvent(r));
    parts.push(formatContext(r));
  } else if (r.status === 'off') {
    ctx.emit({ type: 'warning', code: 'retrieval_off', message: `Retrieval is off: ${r.reason ?? 'unknown reason'}. Answering without it.` });
  }
  if (config.web_search_enabled) {
    try {
      const web = await searchContext(config, text, { signal: ctx.signal });
      if (web) {
        ctx.emit({ type: 'context_used', source: 'web', items: web.results.map((w) => ({ path: w.url, title: w.title })), tokens: Math.ceil(web.text.length / 4) });
        parts.push(web.text);
      }
    } catch (err) {
      ctx.emit({ type: 'warning', code: 'web_search', message: `Web search failed: ${(err as Error).message}` });
    }
  }
  return parts.join('\n\n');
}
