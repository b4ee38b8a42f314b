// fetch_url: one web page as readable text (title, headings, paragraphs, lists,
// code blocks), within size and time limits and the SSRF guard of lib/web.
import { configSchema, type Config } from '../config/schema';
import { fetchPage } from '../web/page';
import { webOptions } from '../web/search';
import { WebError } from '../web/guard';
import { CHARS_PER_TOKEN, fitHead, formatBytes } from './output';
import { z } from 'zod';
import { defineTool } from './define';

const MAX_LINKS = 40;

const args = z.object({
  url: z.string().describe('Full http:// or https:// address.'),
  links: z.boolean().optional().describe('Also list the links found on the page. Default false.'),
  offset: z.int().optional().describe('First line of the page text to show, 1-based. Default 1.'),
});

export const fetchUrl = defineTool({
  name: 'fetch_url',
  description:
    'Fetch a web page (documentation, an issue, an answer) and read it as text: title, headings, paragraphs, lists and code blocks. ' +
    'Example: {"url": "https://docs.rs/clap/latest/clap/"}. Add "links": true to list the page\'s links; ' +
    'a long page continues with {"url": "...", "offset": 120} (offset = first line, 1-based). Local and private network addresses are refused.',
  args,

  async run(args, ctx) {
    const config: Config = ctx.env?.config ?? configSchema.parse({});
    let page;
    try {
      page = await fetchPage(args.url, webOptions(config, { signal: ctx.signal }));
    } catch (e) {
      if (e instanceof WebError) return { ok: false, content: e.message };
      throw e;
    }

    const header: string[] = [];
    if (page.title) header.push(`# ${page.title}`);
    header.push(`URL: ${page.finalUrl}${page.redirects.length ? ` (redirected from ${page.url})` : ''}`);
    if (page.kind !== 'html') header.push(`Content-Type: ${page.contentType}`);
    if (page.truncated) header.push(`[Only the first ${formatBytes(page.bytes)} were read (web_fetch_max_bytes); the rest of the page is not shown.]`);

    let body = page.text.trim() || '(the page has no readable text; it may need JavaScript to render)';
    if (args.links && page.links.length) {
      const shown = page.links.slice(0, MAX_LINKS).map((l) => `- ${l.text}: ${l.url}`);
      const more = page.links.length > MAX_LINKS ? [`(${page.links.length - MAX_LINKS} more links not listed)`] : [];
      body += `\n\nLinks:\n${[...shown, ...more].join('\n')}`;
    }

    const lines = body.split('\n');
    const total = lines.length;
    const start = Math.max(1, Math.floor(args.offset ?? 1));
    if (start > total) return { ok: false, content: `${page.finalUrl} has only ${total} lines of text; offset ${start} is past the end.` };
    const headText = header.join('\n');
    const budget = ctx.settings.resultTokens * CHARS_PER_TOKEN - headText.length - 200; // room for the notes
    const { text, count } = fitHead(lines.slice(start - 1), budget);
    const end = start + count - 1;
    const range = start > 1 || end < total ? `\n[lines ${start}-${end} of ${total}]` : '';
    const footer = end < total ? `\n[${total - end} more lines. To read on, call fetch_url with ${JSON.stringify({ url: args.url, offset: end + 1 })}]` : '';
    return { ok: true, content: `${headText}${range}\n\n${text}${footer}` };
  },
});
