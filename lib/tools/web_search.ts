// web_search: search the web with the configured provider (DuckDuckGo or
// Serper) and return titles, URLs and snippets; off unless web_search_enabled.
import { configSchema, type Config } from '../config/schema';
import { WebError } from '../web/guard';
import { ENABLE_HINT, fitResults, providerName, webSearch } from '../web/search';
import { z } from 'zod';
import { defineTool } from './define';

const args = z.object({
  query: z.string().describe('What to search for, as you would type it into a search engine.'),
  max_results: z.int().optional().describe('How many results, 1-10. Default 8.'),
});

export const webSearchTool = defineTool({
  name: 'web_search',
  description:
    'Search the web for current information (library docs, error messages, release notes). ' +
    'Example: {"query": "clap derive duplicate short flag error"}. Returns titles, URLs and snippets; ' +
    'read a result in full with fetch_url.',
  args,

  async run(args, ctx) {
    const config: Config = ctx.env?.config ?? configSchema.parse({});
    if (!config.web_search_enabled) return { ok: false, content: ENABLE_HINT };
    const max = Math.max(1, Math.min(10, Math.floor(args.max_results ?? 8)));
    try {
      const results = await webSearch(config, args.query, { signal: ctx.signal, maxResults: max });
      return { ok: true, content: fitResults(args.query.trim(), providerName(config), results, ctx.settings.resultTokens).text };
    } catch (e) {
      if (e instanceof WebError) return { ok: false, content: e.message };
      throw e;
    }
  },
});
