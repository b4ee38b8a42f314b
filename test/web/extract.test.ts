import { describe, expect, it } from 'vitest';
import { extractReadable } from '../../lib/web/extract';

const filler = 'Enough words to count as real content for the main-content rule of the extractor. '.repeat(4);

describe('extractReadable', () => {
  it('keeps <main> and drops the chrome around it', () => {
    const html = `<html><head><title>T</title></head><body>
      <div class="sidebar">Sidebar junk</div>
      <main><h2>Inside</h2><p>${filler}</p></main>
      <div>After main</div></body></html>`;
    const r = extractReadable(html, 'https://x.test/');
    expect(r.text).toBe(`## Inside\n\n${filler.trim()}`);
  });

  it('reads a listing of several articles as the whole page', () => {
    const html = `<body><article><h2>One</h2><p>${filler}</p></article><article><h2>Two</h2><p>${filler}</p></article></body>`;
    expect(extractReadable(html, 'https://x.test/').text).toMatch(/^## One[\s\S]*## Two/);
  });

  it('keeps <br> breaks, quotes, ordered lists and code inside list items', () => {
    const html = `<body>
      <p>Line one<br>Line two</p>
      <blockquote><p>Quoted</p><p>Twice</p></blockquote>
      <ol><li>Install<pre>cargo add clap</pre></li><li>Run <kbd>cargo run</kbd></li></ol>
      <p><img src="a.png" alt="diagram"> caption</p></body>`;
    expect(extractReadable(html, 'https://x.test/').text).toBe(
      ['Line one\nLine two', '> Quoted\n>\n> Twice', '1. Install\n```\ncargo add clap\n```\n2. Run `cargo run`', 'diagram caption'].join('\n\n'),
    );
  });

  it('collects each link once, absolute, skipping anchors and scripts', () => {
    const html = `<body><p><a href="/a">A</a> <a href="/a">again</a> <a href="#top">top</a> <a href="javascript:void(0)">js</a> <a href="https://other.test/b">B</a></p></body>`;
    expect(extractReadable(html, 'https://x.test/docs/').links).toEqual([
      { text: 'A', url: 'https://x.test/a' },
      { text: 'B', url: 'https://other.test/b' },
    ]);
  });

  it('finds nothing in a page that only renders with JavaScript', () => {
    const r = extractReadable('<html><head><title>App</title></head><body><div id="root"></div><script>render()</script></body></html>', 'https://x.test/');
    expect(r).toEqual({ title: 'App', text: '', links: [] });
  });
});
