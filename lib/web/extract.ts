// HTML -> readable text for a model: title, headings as "#", paragraphs, list
// items, quotes, table rows and code blocks as fenced code, without scripts,
// navigation and other chrome. Parsing is cheerio's (parse5 underneath), the
// walk over its tree is ours so block structure survives as blank lines.
import * as cheerio from 'cheerio';

/** The part of cheerio's (domhandler) node shape the walk needs. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export interface Readable {
  title: string;
  /** Markdown-like text, blocks separated by blank lines. */
  text: string;
  links: { text: string; url: string }[];
}

// Never content: code, styling, embedded media and page chrome.
// (Not <form>: ASP.NET pages wrap their whole body in one.)
const DROP =
  'script, style, noscript, template, svg, canvas, iframe, object, embed, nav, footer, aside, button, select, textarea, dialog, [hidden], [aria-hidden="true"], [role="navigation"]';
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'details', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'header', 'hgroup', 'hr', 'html', 'li', 'main', 'menu', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead',
  'tfoot', 'tr', 'td', 'th', 'caption', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function rawText(n: DomNode): string {
  if (n.type === 'text') return n.data ?? '';
  if (n.name === 'br') return '\n';
  return (n.children ?? []).map(rawText).join('');
}

/** A code block's language from class="language-ts" / "lang-py" / "highlight-source-rust". */
function codeLanguage(pre: DomNode): string {
  const classes = [pre, ...(pre.children ?? []).filter((c) => c.name === 'code')].map((n) => n.attribs?.class ?? '').join(' ');
  return /(?:^|\s)(?:language|lang|highlight-source)-([\w+#-]+)/.exec(classes)?.[1] ?? '';
}

const fence = (pre: DomNode) => `\`\`\`${codeLanguage(pre)}\n${rawText(pre).replace(/^\n|\s+$/g, '')}\n\`\`\``;

class Walker {
  blocks: string[] = [];
  links: Readable['links'] = [];
  private seen = new Set<string>();
  constructor(private base: string) {}

  /** Inline text of a node; lists and code blocks are left to the block walk. */
  inline(n: DomNode): string {
    if (n.type === 'text') return (n.data ?? '').replace(/\s+/g, ' '); // source line breaks are spaces; <br> is not
    if (n.type !== 'tag') return '';
    if (n.name === 'br') return '\n';
    if (n.name === 'ul' || n.name === 'ol' || n.name === 'pre') return ''; // their own blocks
    const inner = (n.children ?? []).map((c) => this.inline(c)).join('');
    if (n.name === 'code' || n.name === 'kbd' || n.name === 'samp') return inner.trim() ? `\`${inner.trim()}\`` : '';
    if (n.name === 'a') this.link(squash(inner), n.attribs?.href);
    if (n.name === 'img' && n.attribs?.alt) return ` ${n.attribs.alt} `;
    return BLOCK.has(n.name ?? '') ? ` ${inner} ` : inner;
  }

  private link(text: string, href: string | undefined) {
    if (!href || href.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(href)) return;
    let url: string;
    try {
      url = new URL(href, this.base).href;
    } catch {
      return;
    }
    if (this.seen.has(url)) return;
    this.seen.add(url);
    this.links.push({ text: text || url, url });
  }

  private push(text: string, prefix = '') {
    const lines = text.split('\n').map(squash).filter(Boolean);
    if (lines.length) this.blocks.push(lines.map((l) => prefix + l).join('\n'));
  }

  /** Walk a container: runs of inline children form a paragraph; block children recurse. */
  block(n: DomNode, depth = 0) {
    let run = '';
    const flush = () => {
      this.push(run);
      run = '';
    };
    for (const c of n.children ?? []) {
      const name = c.type === 'tag' ? (c.name ?? '') : '';
      if (!BLOCK.has(name)) {
        run += this.inline(c);
        continue;
      }
      flush();
      if (/^h[1-6]$/.test(name)) this.push(squash(this.inline(c)), `${'#'.repeat(Number(name[1]))} `);
      else if (name === 'pre') this.blocks.push(fence(c));
      else if (name === 'ul' || name === 'ol' || name === 'menu') this.blocks.push(this.list(c, name === 'ol', depth).join('\n'));
      else if (name === 'blockquote') this.quote(c, depth);
      else if (name === 'table') this.table(c);
      else if (name === 'hr') continue;
      else this.block(c, depth);
    }
    flush();
  }

  /** One block per list: items as "- " / "1. ", nested lists indented, code kept fenced. */
  private list(n: DomNode, ordered: boolean, depth: number): string[] {
    const lines: string[] = [];
    let i = 0;
    for (const li of n.children ?? []) {
      if (li.name !== 'li') continue;
      const marker = ordered ? `${++i}. ` : '- ';
      const text = squash(this.inline(li));
      if (text) lines.push(`${'  '.repeat(depth)}${marker}${text}`);
      for (const sub of li.children ?? []) {
        if (sub.name === 'ul' || sub.name === 'ol') lines.push(...this.list(sub, sub.name === 'ol', depth + 1));
        if (sub.name === 'pre') lines.push(fence(sub));
      }
    }
    return lines;
  }

  private quote(n: DomNode, depth: number) {
    const inner = new Walker(this.base);
    inner.block(n, depth);
    inner.links.forEach((l) => this.link(l.text, l.url));
    if (inner.blocks.length) this.blocks.push(inner.blocks.join('\n\n').split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n'));
  }

  private table(t: DomNode) {
    const rows: string[] = [];
    const visit = (n: DomNode) => {
      for (const c of n.children ?? []) {
        if (c.name === 'table') continue; // a nested table is rare chrome; skip it
        if (c.name === 'caption') rows.push(squash(this.inline(c)));
        else if (c.name !== 'tr') visit(c);
        else {
          const cells = (c.children ?? []).filter((x) => x.name === 'td' || x.name === 'th').map((x) => squash(this.inline(x)));
          if (cells.some(Boolean)) rows.push(`| ${cells.join(' | ')} |`);
        }
      }
    };
    visit(t);
    if (rows.length) this.blocks.push(rows.join('\n'));
  }
}

/** Readable text of an HTML page; `base` resolves relative links. */
export function extractReadable(html: string | Buffer, base: string, charset?: string): Readable {
  const $ = Buffer.isBuffer(html) ? cheerio.loadBuffer(html, { encoding: { transportLayerEncodingLabel: charset } }) : cheerio.load(html);
  const title = squash($('title').first().text()) || squash($('meta[property="og:title"]').attr('content') ?? '') || squash($('h1').first().text());
  $(DROP).remove();
  // Prefer the page's marked main content when it holds real text: <main>, else
  // a single <article> (several are a listing, where the whole body is wanted).
  const substantial = (sel: string) => $(sel).filter((_, el) => squash($(el).text()).length > 200);
  const mains = substantial('main, [role="main"]');
  const articles = substantial('article');
  const main = mains.length ? mains.first() : articles.length === 1 ? articles : null;
  const root = (main ? main[0] : ($('body')[0] ?? $.root()[0])) as unknown as DomNode;
  const w = new Walker(base);
  w.block({ type: 'tag', name: 'div', children: [root] });
  return { title, text: w.blocks.join('\n\n'), links: w.links };
}
