// fetch_url's work: fetch one address through the guarded client and turn the
// answer into text: HTML through the extractor, text/Markdown/JSON as they
// are, everything else refused with a reason before its body is downloaded.
import type { IncomingHttpHeaders } from 'node:http';
import { formatBytes } from '../tools/output';
import { webRequest, type WebOptions } from './client';
import { extractReadable } from './extract';
import { WebError } from './guard';

export interface Page {
  url: string;
  /** Where the content came from after redirects. */
  finalUrl: string;
  contentType: string;
  kind: 'html' | 'text' | 'json';
  title: string;
  text: string;
  links: { text: string; url: string }[];
  bytes: number;
  /** Cut at web_fetch_max_bytes. */
  truncated: boolean;
  redirects: string[];
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['application/json', 'application/ld+json', 'application/x-ndjson', 'application/javascript', 'application/xml', 'application/x-yaml', 'application/yaml', 'application/toml']);

function mediaType(headers: IncomingHttpHeaders): { type: string; charset?: string } {
  const raw = String(headers['content-type'] ?? '');
  const type = raw.split(';')[0].trim().toLowerCase();
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(raw)?.[1];
  return { type, charset };
}

function kindOf(type: string): Page['kind'] | null {
  if (HTML_TYPES.has(type)) return 'html';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type.startsWith('text/') || TEXT_TYPES.has(type)) return 'text';
  return null;
}

/** Without a Content-Type: HTML if it starts like HTML, text if it has no NUL bytes. */
function sniff(body: Buffer): Page['kind'] | null {
  const head = body.subarray(0, 1024).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'html';
  return body.subarray(0, 8000).includes(0) ? null : 'text';
}

function decode(body: Buffer, charset?: string): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body); // unknown charset label
  }
}

/** A short readable excerpt of an error page: servers often say what went wrong. */
function excerpt(body: Buffer, type: string, charset: string | undefined, base: string): string {
  const kind = kindOf(type) ?? (type ? null : sniff(body));
  if (!kind || body.length === 0) return '';
  const text = kind === 'html' ? extractReadable(body, base, charset).text : decode(body, charset);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat ? `\nThe page says: ${flat.length > 400 ? `${flat.slice(0, 400)}…` : flat}` : '';
}

export async function fetchPage(url: string, opts: WebOptions): Promise<Page> {
  const res = await webRequest(url, {}, opts, (head) => {
    if (head.status >= 400) return; // read a little of the error page below
    if (head.status < 200 || head.status >= 300) {
      throw new WebError('http', `HTTP ${head.status} ${head.statusText} from ${head.url}: no content to show.`, head.status);
    }
    const { type } = mediaType(head.headers);
    if (type && !kindOf(type)) {
      const len = Number(head.headers['content-length']);
      const size = Number.isFinite(len) && len > 0 ? ` (${formatBytes(len)})` : '';
      throw new WebError(
        'content-type',
        `${head.url} is ${type}${size}, not a web page or text. fetch_url reads HTML, plain text, Markdown and JSON; ` +
          `for other files, download them with run_shell (e.g. curl -o) if the user wants them.`,
      );
    }
  });
  const { type, charset } = mediaType(res.headers);
  if (res.status >= 400) {
    const reason = res.statusText || 'error';
    throw new WebError('http', `HTTP ${res.status} ${reason} from ${res.url}.${excerpt(res.body.subarray(0, 64 * 1024), type, charset, res.url)}`, res.status);
  }
  const kind = type ? kindOf(type)! : sniff(res.body);
  if (!kind) throw new WebError('content-type', `${res.url} sent binary data without a content type; fetch_url only shows HTML and text.`);

  const base = { url, finalUrl: res.url, contentType: type || '(none)', kind, bytes: res.body.length, truncated: res.truncated, redirects: res.redirects };
  if (kind === 'html') {
    const r = extractReadable(res.body, res.url, charset);
    return { ...base, title: r.title, text: r.text, links: r.links };
  }
  let text = decode(res.body, charset);
  if (kind === 'json' && !res.truncated) {
    try {
      text = JSON.stringify(JSON.parse(text), null, 2); // one-line JSON is unreadable
    } catch {
      // not JSON after all: show it as it came
    }
  }
  return { ...base, title: '', text, links: [] };
}
