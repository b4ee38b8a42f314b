import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { searchContext, webSearch } from '../../lib/web/search';
import { WebError } from '../../lib/web/guard';
import { routes, serve, webConfig, webCtx } from './support';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const DDG_HTML = fixture('ddg.html');
const SERPER_JSON = fixture('serper.json');

const ddg = () => serve(routes({ '/html/': [200, { 'content-type': 'text/html; charset=UTF-8' }, DDG_HTML] }));
const serper = () =>
  serve((req, res) => {
    const ok = req.headers['x-api-key'] === 'test-key';
    res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
    res.end(ok ? SERPER_JSON : '{"message":"Unauthorized.","statusCode":403}');
  });

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as WebError,
  );

afterEach(() => {
  delete process.env.CA_DDG_URL;
  delete process.env.CA_SERPER_URL;
});

describe('DuckDuckGo', () => {
  it('posts the query as a form and reads titles, real URLs (uddg decoded) and snippets, skipping ads', async () => {
    const s = await ddg();
    const env = { CA_DDG_URL: `${s.origin}/html/` };
    const results = await webSearch(webConfig({ web_search_enabled: true }), '  clap duplicate short flag ', { env });
    expect(s.seen[0].method).toBe('POST');
    expect(s.seen[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(s.seen[0].body).get('q')).toBe('clap duplicate short flag');
    expect(results).toEqual([
      {
        title: 'Duplicate short flag panics at runtime · Issue #2146 · clap-rs/clap',
        url: 'https://github.com/clap-rs/clap/issues/2146',
        snippet: 'When two arguments use the same short flag, clap panics with "Short option names must be unique".',
      },
      {
        title: 'clap::_derive - Rust',
        url: 'https://docs.rs/clap/latest/clap/_derive/index.html#arg-attributes',
        snippet: 'Arg attributes: short [= <char>] ... Without a value, the first character of the field name is used.',
      },
      {
        title: 'How to avoid clap short flag conflicts? - Stack Overflow',
        url: 'https://stackoverflow.com/questions/71991935/how-to-avoid-clap-short-flag-conflicts',
        snippet: "Set short = 'n' explicitly on one of the two fields.",
      },
    ]);
  });

  it('says so when DuckDuckGo answers with a bot check, and returns nothing for no results', async () => {
    const s = await serve(
      routes({
        '/challenge': [202, { 'content-type': 'text/html' }, '<html><body><form id="challenge-form" action="/anomaly.js"><p>Unfortunately, bots use DuckDuckGo too.</p></form></body></html>'],
        '/empty': [200, { 'content-type': 'text/html' }, '<html><body><div class="no-results">No results.</div></body></html>'],
      }),
    );
    const config = webConfig({ web_search_enabled: true });
    const err = await failure(webSearch(config, 'x', { env: { CA_DDG_URL: `${s.origin}/challenge` } }));
    expect(err.message).toMatch(/DuckDuckGo asked for a bot check/);
    expect(await webSearch(config, 'x', { env: { CA_DDG_URL: `${s.origin}/empty` } })).toEqual([]);
    expect(await searchContext(config, 'x', { env: { CA_DDG_URL: `${s.origin}/empty` } })).toBeNull();
  });
});

describe('Serper', () => {
  it('posts JSON with the machine API key and reads the organic results', async () => {
    const s = await serper();
    const config = webConfig({ web_search_enabled: true, web_search_provider: 'serper', serper_api_key: 'test-key' });
    const results = await webSearch(config, 'tokio spawn_blocking vs block_in_place', { env: { CA_SERPER_URL: `${s.origin}/search` }, maxResults: 2 });
    expect(s.seen[0]).toMatchObject({ method: 'POST', url: '/search' });
    expect(s.seen[0].headers['x-api-key']).toBe('test-key');
    expect(JSON.parse(s.seen[0].body)).toEqual({ q: 'tokio spawn_blocking vs block_in_place', num: 2 });
    expect(results).toEqual([
      {
        title: 'spawn_blocking in tokio::task - Rust',
        url: 'https://docs.rs/tokio/latest/tokio/task/fn.spawn_blocking.html',
        snippet: 'Runs the provided closure on a thread where blocking is acceptable. In general, issuing a blocking call ...',
      },
      {
        title: "When should you use Tokio's `spawn_blocking`? - Stack Overflow",
        url: 'https://stackoverflow.com/questions/74547541/when-should-you-use-tokios-spawn-blocking',
        snippet: 'spawn_blocking moves the work to a dedicated pool; block_in_place turns the current worker into a blocking one.',
      },
    ]);
  });

  it('explains a missing or rejected key', async () => {
    const s = await serper();
    const env = { CA_SERPER_URL: `${s.origin}/search` };
    const noKey = await failure(webSearch(webConfig({ web_search_enabled: true, web_search_provider: 'serper' }), 'q', { env }));
    expect(noKey.message).toMatch(/^Serper needs an API key: set serper_api_key in ~\/\.code-assistant\/config\.toml/);
    expect(s.seen).toEqual([]);
    const bad = await failure(webSearch(webConfig({ web_search_enabled: true, web_search_provider: 'serper', serper_api_key: 'wrong' }), 'q', { env }));
    expect(bad.message).toBe('Serper refused the API key (HTTP 403: Unauthorized.); check serper_api_key in the machine config.');
  });

  it('goes through the SSRF guard like any fetch', async () => {
    const s = await serper();
    const config = webConfig({ web_search_enabled: true, web_search_provider: 'serper', serper_api_key: 'test-key', web_allow_hosts: [] });
    const err = await failure(webSearch(config, 'q', { env: { CA_SERPER_URL: `${s.origin}/search` } }));
    expect(err.code).toBe('refused');
    expect(s.seen).toEqual([]);
  });
});

describe('web_search tool and searchContext', () => {
  it('is off unless web_search_enabled, and says how to turn it on', async () => {
    const s = await ddg();
    process.env.CA_DDG_URL = `${s.origin}/html/`;
    const r = await runTool('web_search', { query: 'anything' }, webCtx(webConfig()));
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/^Web search is off\. To turn it on, set web_search_enabled = true/);
    expect(await searchContext(webConfig(), 'anything')).toBeNull();
    expect(s.seen).toEqual([]);
  });

  it('returns numbered results to the model, within the result budget', async () => {
    const s = await ddg();
    process.env.CA_DDG_URL = `${s.origin}/html/`;
    const r = await runTool('web_search', { query: 'clap duplicate short flag', max_results: 2 }, webCtx(webConfig({ web_search_enabled: true })));
    expect(r).toEqual({
      ok: true,
      content: [
        'Web search results for "clap duplicate short flag" (DuckDuckGo):',
        '',
        '1. Duplicate short flag panics at runtime · Issue #2146 · clap-rs/clap',
        '   https://github.com/clap-rs/clap/issues/2146',
        '   When two arguments use the same short flag, clap panics with "Short option names must be unique".',
        '2. clap::_derive - Rust',
        '   https://docs.rs/clap/latest/clap/_derive/index.html#arg-attributes',
        '   Arg attributes: short [= <char>] ... Without a value, the first character of the field name is used.',
      ].join('\n'),
    });
    // A tight budget keeps the best results whole rather than cutting them all.
    const tight = await runTool('web_search', { query: 'clap duplicate short flag' }, webCtx(webConfig({ web_search_enabled: true }), 100));
    expect(tight.content).toContain('1. Duplicate short flag');
    expect(tight.content).not.toContain('3. How to avoid');
  });

  it('searchContext gives text to inject and the results behind it', async () => {
    const s = await serper();
    const config = webConfig({ web_search_enabled: true, web_search_provider: 'serper', serper_api_key: 'test-key' });
    const ctx = await searchContext(config, 'tokio spawn_blocking', { env: { CA_SERPER_URL: `${s.origin}/search` } });
    expect(ctx?.results.map((r) => r.url)).toEqual([
      'https://docs.rs/tokio/latest/tokio/task/fn.spawn_blocking.html',
      'https://stackoverflow.com/questions/74547541/when-should-you-use-tokios-spawn-blocking',
      'https://tokio.rs/tokio/topics/bridging',
    ]);
    expect(ctx?.text).toMatch(/^Web search results for "tokio spawn_blocking" \(Serper\):\n\n1\. spawn_blocking in tokio::task - Rust\n/);
    expect(JSON.parse(s.seen[0].body).num).toBe(5);
  });
});
