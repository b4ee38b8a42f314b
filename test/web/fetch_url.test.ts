import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../lib/tools';
import { routes, serve, webConfig, webCtx } from './support';

const DOC = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Getting started &middot; Widget Docs</title>
<style>body { font-family: sans-serif }</style><script>window.analytics = {}</script></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/blog">Blog</a></nav></header>
<main>
  <h1>Getting started</h1>
  <p>Install the <code>widget</code> CLI, then run it   in your project.
     See <a href="/docs/install">the install guide</a>.</p>
  <h2 id="usage">Usage</h2>
  <pre><code class="language-rust">fn main() {
    let w = Widget::new();
    w.run();
}</code></pre>
  <ul><li>Fast</li><li>Small<ul><li>under 1 MB</li></ul></li></ul>
  <h3>Options</h3>
  <table><tr><th>Flag</th><th>Meaning</th></tr><tr><td>-v</td><td>verbose</td></tr></table>
  <p>Filler text so the main element is clearly the content of this page, not chrome around it. It goes on for a while.</p>
</main>
<footer>© Widget Inc. <a href="/legal">Legal</a></footer>
</body></html>`;

const fetchUrl = (args: Record<string, unknown>, config = webConfig(), tokens?: number) => runTool('fetch_url', args, webCtx(config, tokens));

describe('fetch_url: readable text', () => {
  it('returns title, headings, paragraphs, lists, tables and fenced code without scripts or chrome', async () => {
    const s = await serve(routes({ '/docs': [200, { 'content-type': 'text/html; charset=utf-8' }, DOC] }));
    const r = await fetchUrl({ url: `${s.origin}/docs` });
    expect(r.ok).toBe(true);
    expect(r.content).toContain('# Getting started · Widget Docs');
    expect(r.content).toContain(`URL: ${s.origin}/docs`);
    expect(r.content).toContain('\n# Getting started\n');
    expect(r.content).toContain('Install the `widget` CLI, then run it in your project. See the install guide.');
    expect(r.content).toContain('## Usage');
    expect(r.content).toContain('```rust\nfn main() {\n    let w = Widget::new();\n    w.run();\n}\n```');
    expect(r.content).toContain('- Fast\n- Small\n  - under 1 MB');
    expect(r.content).toContain('| Flag | Meaning |\n| -v | verbose |');
    expect(r.content).not.toMatch(/analytics|font-family|Widget Inc|Blog/);
    expect(r.content).not.toContain('Links:');
    expect(s.seen[0].headers['user-agent']).toMatch(/code-assistant/);
  });

  it('lists links on request, resolved against the page', async () => {
    const s = await serve(routes({ '/docs/': [200, { 'content-type': 'text/html' }, DOC] }));
    const r = await fetchUrl({ url: `${s.origin}/docs/`, links: true });
    expect(r.content).toContain(`Links:\n- the install guide: ${s.origin}/docs/install`);
  });

  it('cuts a long page to the result budget and says how to read on', async () => {
    const paras = Array.from({ length: 400 }, (_, i) => `<p>Paragraph number ${i + 1} of the long page.</p>`).join('\n');
    const s = await serve(routes({ '/long': [200, { 'content-type': 'text/html' }, `<html><head><title>Long</title></head><body>${paras}</body></html>`] }));
    const first = await fetchUrl({ url: `${s.origin}/long` }, webConfig(), 300);
    expect(first.ok).toBe(true);
    expect(first.content.length).toBeLessThanOrEqual(300 * 4);
    const next = /call fetch_url with (\{.*\})\]/.exec(first.content);
    expect(next).not.toBeNull();
    const args = JSON.parse(next![1]);
    const second = await fetchUrl(args, webConfig(), 300);
    expect(second.content).toContain(`[lines ${args.offset}-`);
    expect(second.content).toContain(`Paragraph number ${(args.offset + 1) / 2}`);
  });

  it('decodes gzip bodies and legacy charsets', async () => {
    const latin1 = Buffer.from('<html><head><title>Caf\xe9</title></head><body><p>Cr\xe8me br\xfbl\xe9e</p></body></html>', 'latin1');
    const s = await serve(
      routes({
        '/gz': [200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }, zlib.gzipSync(DOC)],
        '/latin1': [200, { 'content-type': 'text/html; charset=iso-8859-1' }, latin1],
      }),
    );
    expect((await fetchUrl({ url: `${s.origin}/gz` })).content).toContain('## Usage');
    const r = await fetchUrl({ url: `${s.origin}/latin1` });
    expect(r.content).toContain('# Café');
    expect(r.content).toContain('Crème brûlée');
  });

  it('shows plain text, Markdown and JSON as text; JSON pretty-printed', async () => {
    const s = await serve(
      routes({
        '/README.md': [200, { 'content-type': 'text/markdown; charset=utf-8' }, '# Title\n\nSome *markdown*.\n'],
        '/notes.txt': [200, { 'content-type': 'text/plain' }, 'line one\nline two\n'],
        '/api': [200, { 'content-type': 'application/json' }, '{"name":"widget","versions":[1,2]}'],
      }),
    );
    const md = await fetchUrl({ url: `${s.origin}/README.md` });
    expect(md.content).toContain('Content-Type: text/markdown');
    expect(md.content).toContain('# Title\n\nSome *markdown*.');
    expect((await fetchUrl({ url: `${s.origin}/notes.txt` })).content).toContain('line one\nline two');
    expect((await fetchUrl({ url: `${s.origin}/api` })).content).toContain('{\n  "name": "widget",\n  "versions": [\n    1,');
  });
});

describe('fetch_url: limits and failures', () => {
  it('stops reading at web_fetch_max_bytes and says the page was cut', async () => {
    // An endless body: only a client that stops reading ever finishes.
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const line = 'all work and no play makes jack a dull boy\n'.repeat(100);
      const pump = () => {
        while (!res.destroyed && res.write(line));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const r = await fetchUrl({ url: `${s.origin}/endless` }, webConfig({ web_fetch_max_bytes: 4096 }));
    expect(r.ok).toBe(true);
    expect(r.content).toContain('[Only the first 4.0 KB were read (web_fetch_max_bytes)');
    await s.closed; // the client hung up instead of draining the stream
  });

  it('gives up after web_timeout_seconds, whether headers or body stall', async () => {
    const s = await serve((req, res) => {
      if (req.url === '/slow-body') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>first part');
      } // otherwise: never answer
    });
    const config = webConfig({ web_timeout_seconds: 1 });
    for (const p of ['/hang', '/slow-body']) {
      const r = await fetchUrl({ url: `${s.origin}${p}` }, config);
      expect(r.ok).toBe(false);
      expect(r.content).toMatch(/^Timed out after 1 s waiting for .* \(web_timeout_seconds\)\.$/);
    }
  });

  it('refuses non-HTML content before downloading it', async () => {
    const s = await serve(routes({ '/logo.png': [200, { 'content-type': 'image/png', 'content-length': '20480' }, Buffer.alloc(20480)] }));
    const r = await fetchUrl({ url: `${s.origin}/logo.png` });
    expect(r.ok).toBe(false);
    expect(r.content).toBe(
      `${s.origin}/logo.png is image/png (20 KB), not a web page or text. fetch_url reads HTML, plain text, Markdown and JSON; ` +
        'for other files, download them with run_shell (e.g. curl -o) if the user wants them.',
    );
  });

  it('reports HTTP errors with status, reason and what the page says', async () => {
    const s = await serve(routes({ '/down': [503, { 'content-type': 'text/plain' }, 'Maintenance until 10:00 UTC'] }));
    const missing = await fetchUrl({ url: `${s.origin}/nope` });
    expect(missing.ok).toBe(false);
    expect(missing.content).toBe(`HTTP 404 Not Found from ${s.origin}/nope.\nThe page says: # Not Found No such page here.`);
    expect((await fetchUrl({ url: `${s.origin}/down` })).content).toBe(`HTTP 503 Service Unavailable from ${s.origin}/down.\nThe page says: Maintenance until 10:00 UTC`);
  });

  it('reports a closed port clearly', async () => {
    // Port 1 needs root to listen on, so nothing is there.
    const r = await fetchUrl({ url: 'http://127.0.0.1:1/' });
    expect(r).toEqual({ ok: false, content: 'Connection refused by 127.0.0.1:1 (nothing is listening there).' });
  });
});

describe('fetch_url: redirects and SSRF', () => {
  it('follows redirects, checking each hop, and names where the page came from', async () => {
    const s = await serve(
      routes({
        '/old': [301, { location: '/moved' }, ''],
        '/moved': [302, { location: 'final' }, ''],
        '/final': [200, { 'content-type': 'text/html' }, '<title>Final</title><p>Arrived.</p>'],
      }),
    );
    const r = await fetchUrl({ url: `${s.origin}/old` });
    expect(r.content).toContain(`URL: ${s.origin}/final (redirected from ${s.origin}/old)`);
    expect(r.content).toContain('Arrived.');
  });

  it('stops after 5 redirects', async () => {
    const s = await serve((req, res) => {
      const n = Number(req.url?.slice(1)) || 0;
      res.writeHead(302, { location: `/${n + 1}` }).end();
    });
    const r = await fetchUrl({ url: `${s.origin}/0` });
    expect(r.ok).toBe(false);
    expect(r.content).toMatch(/^Too many redirects \(more than 5\)/);
    expect(s.seen.map((x) => x.url)).toEqual(['/0', '/1', '/2', '/3', '/4', '/5']);
  });

  it('refuses a redirect from an allowed host to a forbidden address', async () => {
    const s = await serve(
      routes({
        '/to-metadata': [302, { location: 'http://169.254.169.254/latest/meta-data/iam/' }, ''],
        '/to-localhost': [307, { location: 'http://localhost:1/admin' }, ''],
        '/to-decimal': [302, { location: 'http://2130706434/' }, ''],
        '/to-v6': [302, { location: 'http://[::ffff:10.0.0.1]/' }, ''],
      }),
    );
    const expectations: [string, RegExp][] = [
      ['/to-metadata', /^Refused http:\/\/169\.254\.169\.254\/latest\/meta-data\/iam\/: 169\.254\.169\.254 is a cloud metadata address\./],
      ['/to-localhost', /^Refused http:\/\/localhost:1\/admin: localhost is a loopback name\./],
      ['/to-decimal', /^Refused http:\/\/127\.0\.0\.2\/: 127\.0\.0\.2 is a loopback address\./],
      ['/to-v6', /private \(RFC 1918\) address \(IPv4 10\.0\.0\.1 inside IPv6\)/],
    ];
    for (const [p, re] of expectations) {
      const r = await fetchUrl({ url: `${s.origin}${p}` });
      expect(r.ok).toBe(false);
      expect(r.content).toMatch(re);
    }
  });

  it('refuses loopback and private addresses without the allow-list, and never connects', async () => {
    const s = await serve(routes({ '/': [200, { 'content-type': 'text/plain' }, 'secret'] }));
    const closed = webConfig({ web_allow_hosts: [] });
    const urls = [
      `${s.origin}/`,
      `http://localhost:${s.port}/`,
      `http://[::1]:${s.port}/`,
      `http://2130706433:${s.port}/`,
      `http://0x7f.1:${s.port}/`,
      `http://[::ffff:127.0.0.1]:${s.port}/`,
      'http://10.0.0.1/',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://metadata.google.internal/',
    ];
    for (const url of urls) {
      const r = await fetchUrl({ url }, closed);
      expect(r.ok, url).toBe(false);
      expect(r.content, url).toMatch(/^Refused .*SSRF protection.*web_allow_hosts in ~\/\.code-assistant\/config\.toml/);
      expect(r.content).toContain('a project ca.config cannot');
    }
    expect(s.seen).toEqual([]);
  });

  it('refuses non-http schemes and URLs with credentials', async () => {
    expect((await fetchUrl({ url: 'file:///etc/passwd' })).content).toBe('Only http:// and https:// URLs can be fetched, not file://.');
    expect((await fetchUrl({ url: 'http://admin:pw@127.0.0.1/' })).content).toMatch(/credentials must not travel in URLs/);
  });
});
