// Web search through Serper (Google results as JSON; API key at machine scope
// only) or DuckDuckGo's HTML endpoint (no key), chosen by web_search_provider.
// Both go through the guarded client like any fetch. Base URLs can be moved
// with CA_SERPER_URL / CA_DDG_URL so tests can serve stand-ins on loopback.
import * as cheerio from 'cheerio';
import type { Config } from '../config/schema';
import { CHARS_PER_TOKEN, fitText } from '../tools/output';
import { webRequest, type WebOptions } from './client';
import { WebError, type Resolver } from './guard';

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export const SERPER_URL = 'https://google.serper.dev/search';
export const DDG_URL = 'https://html.duckduckgo.com/html/';
export const MAX_RESULTS = 10;

export interface SearchOptions {
  signal?: AbortSignal;
  resolver?: Resolver;
  /** Environment for the provider URL overrides; process.env by default. */
  env?: Record<string, string | undefined>;
  maxResults?: number;
}

export const providerName = (config: Config) => (config.web_search_provider === 'serper' ? 'Serper' : 'DuckDuckGo');

export const ENABLE_HINT =
  'Web search is off. To turn it on, set web_search_enabled = true in ~/.code-assistant/config.toml or the project ca.config ' +
  '(or CA_WEB_SEARCH_ENABLED=true); web_search_provider chooses "duckduckgo" (no key) or "serper" (serper_api_key, machine config only).';

/** The client options a config implies: limits, deadline and the machine allow-list. */
export function webOptions(config: Config, extra: { signal?: AbortSignal; resolver?: Resolver } = {}): WebOptions {
  return { timeoutMs: config.web_timeout_seconds * 1000, maxBytes: config.web_fetch_max_bytes, allowHosts: config.web_allow_hosts, ...extra };
}

/** Search with the configured provider. Throws WebError (disabled, no key, provider failure). */
export async function webSearch(config: Config, query: string, opts: SearchOptions = {}): Promise<SearchResult[]> {
  if (!config.web_search_enabled) throw new WebError('provider', ENABLE_HINT);
  const q = query.trim().replace(/\s+/g, ' ').slice(0, 400); // engines ignore more than a few hundred chars
  if (!q) throw new WebError('provider', 'The search query is empty.');
  const env = opts.env ?? process.env;
  const web = webOptions(config, opts);
  const max = Math.max(1, Math.min(opts.maxResults ?? MAX_RESULTS, 20));
  const results = config.web_search_provider === 'serper' ? await serper(config, q, web, env, max) : await duckduckgo(q, web, env);
  return results.slice(0, max);
}

async function serper(config: Config, q: string, web: WebOptions, env: Record<string, string | undefined>, max: number): Promise<SearchResult[]> {
  const key = config.serper_api_key.trim();
  if (!key) {
    throw new WebError('provider', 'Serper needs an API key: set serper_api_key in ~/.code-assistant/config.toml (or CA_SERPER_API_KEY). A project ca.config cannot hold it.');
  }
  const res = await webRequest(env.CA_SERPER_URL || SERPER_URL, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ q, num: max }) }, web);
  let data: { organic?: { title?: string; link?: string; snippet?: string }[]; message?: string; answerBox?: { title?: string; link?: string; snippet?: string; answer?: string } };
  try {
    data = JSON.parse(res.body.toString('utf8'));
  } catch {
    data = {};
  }
  if (res.status === 401 || res.status === 403) {
    throw new WebError('provider', `Serper refused the API key (HTTP ${res.status}${data.message ? `: ${data.message}` : ''}); check serper_api_key in the machine config.`, res.status);
  }
  if (res.status >= 400) throw new WebError('provider', `Serper answered HTTP ${res.status} ${res.statusText}${data.message ? `: ${data.message}` : ''}.`, res.status);
  if (!Array.isArray(data.organic)) throw new WebError('provider', 'Serper sent an answer without results (no "organic" list).');
  const out: SearchResult[] = [];
  const box = data.answerBox;
  if (box?.link && (box.answer || box.snippet)) out.push({ title: box.title ?? box.link, url: box.link, snippet: box.answer ?? box.snippet ?? '' });
  for (const o of data.organic) if (o.link) out.push({ title: clean(o.title ?? o.link), url: o.link, snippet: clean(o.snippet ?? '') });
  return out;
}

async function duckduckgo(q: string, web: WebOptions, env: Record<string, string | undefined>): Promise<SearchResult[]> {
  const res = await webRequest(env.CA_DDG_URL || DDG_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ q, b: '' }).toString() }, web);
  if (res.status >= 400) throw new WebError('provider', `DuckDuckGo answered HTTP ${res.status} ${res.statusText}; try again later or use web_search_provider = "serper".`, res.status);
  return parseDuckDuckGo(res.body.toString('utf8'), res.url);
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** DuckDuckGo links go through /l/?uddg=<target>; the target is what the model needs. */
export function decodeDdgHref(href: string, base: string): string | null {
  let u: URL;
  try {
    u = new URL(href, base);
  } catch {
    return null;
  }
  const target = u.searchParams.get('uddg');
  if (target) return target;
  if (/(^|\.)duckduckgo\.com$/.test(u.hostname) && (u.pathname === '/y.js' || u.pathname.startsWith('/l/'))) return null; // ads, broken redirects
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}

/** Results from html.duckduckgo.com's page (ads skipped). Throws when the page is a bot check. */
export function parseDuckDuckGo(html: string, base: string = DDG_URL): SearchResult[] {
  const $ = cheerio.load(html);
  const out: SearchResult[] = [];
  $('.result').each((_, el) => {
    const r = $(el);
    if (r.hasClass('result--ad')) return;
    const a = r.find('a.result__a').first();
    const url = decodeDdgHref(a.attr('href') ?? '', base);
    if (!url) return;
    out.push({ title: clean(a.text()) || url, url, snippet: clean(r.find('.result__snippet').first().text()) });
  });
  if (out.length === 0 && !$('.no-results').length && ($('form#challenge-form').length || /anomaly|captcha|unusual traffic/i.test(html))) {
    throw new WebError('provider', 'DuckDuckGo asked for a bot check instead of answering; try again later, or use web_search_provider = "serper".');
  }
  return out;
}

export function formatResults(query: string, provider: string, results: SearchResult[]): string {
  if (results.length === 0) return `No web results for "${query}" (${provider}).`;
  const lines = [`Web search results for "${query}" (${provider}):`, ''];
  results.forEach((r, i) => {
    lines.push(`${i + 1}. ${r.title}`, `   ${r.url}`);
    if (r.snippet) lines.push(`   ${r.snippet}`);
  });
  return lines.join('\n');
}

/** Drop results from the end (they rank lowest) until the text fits `tokens`. */
export function fitResults(query: string, provider: string, results: SearchResult[], tokens: number): { text: string; results: SearchResult[] } {
  const budget = tokens * CHARS_PER_TOKEN;
  let kept = results;
  let text = formatResults(query, provider, kept);
  while (text.length > budget && kept.length > 1) text = formatResults(query, provider, (kept = kept.slice(0, -1)));
  return { text: fitText(text, tokens, { hint: 'call web_search for more' }), results: kept };
}

/**
 * Results to inject as context before the model answers, or null when web
 * search is disabled, the query is blank or nothing was found. Failures throw
 * WebError with a message fit to show the user (e.g. as a warning event).
 */
export async function searchContext(
  config: Config,
  query: string,
  opts: SearchOptions & { tokens?: number } = {},
): Promise<{ text: string; results: SearchResult[] } | null> {
  if (!config.web_search_enabled || !query.trim()) return null;
  const results = await webSearch(config, query, { maxResults: 5, ...opts });
  if (results.length === 0) return null;
  return fitResults(query.trim(), providerName(config), results, opts.tokens ?? config.tool_result_tokens);
}
