// Fenced code blocks that name a file (in the info string, a first-line
// comment, or the line before) become write_file calls: the small-model habit
// of showing the file instead of writing it. Deliberately conservative, since
// a wrong guess overwrites a file with a snippet.
import { SHELL, type Block } from './extract';

// Extension -> fence languages that agree with it. Unknown extensions are not
// trusted as file names (keeps "Node.js", "ASP.NET", "e.g" out).
const EXT_LANGS: Record<string, string[]> = {
  py: ['python', 'py', 'python3'], pyi: ['python', 'py'], rs: ['rust', 'rs'], go: ['go', 'golang'],
  js: ['javascript', 'js', 'jsx', 'node'], mjs: ['javascript', 'js'], cjs: ['javascript', 'js'], jsx: ['jsx', 'javascript', 'js'],
  ts: ['typescript', 'ts'], tsx: ['tsx', 'typescript', 'ts'], java: ['java'], kt: ['kotlin', 'kt'], c: ['c', 'h'], h: ['c', 'cpp', 'h'],
  cpp: ['cpp', 'c++', 'cc', 'cxx'], cc: ['cpp', 'c++', 'cc'], hpp: ['cpp', 'c++', 'hpp'], cs: ['csharp', 'cs', 'c#'], rb: ['ruby', 'rb'],
  php: ['php'], swift: ['swift'], lua: ['lua'], sql: ['sql', 'sqlite', 'postgresql', 'mysql'], html: ['html', 'xml'], css: ['css'],
  scss: ['scss', 'css'], json: ['json', 'jsonc', 'json5'], toml: ['toml'], yaml: ['yaml', 'yml'], yml: ['yaml', 'yml'],
  md: ['markdown', 'md'], txt: ['text', 'txt', 'plaintext'], ini: ['ini', 'cfg'], cfg: ['ini', 'cfg'], xml: ['xml'],
  vue: ['vue', 'html'], svelte: ['svelte', 'html'], env: ['env', 'dotenv', 'properties'],
};
const NOT_FILES = /^(?:node|vue|next|nuxt|express|react|three|chart|d3|p5|socket\.io|deno|ember|angular|alpine|solid|moment)\.js$/i;
const PATH_RE = /^(?:\.\/)?(?:[\w@+-][\w@.+-]*\/)*[\w@+-][\w@.+-]*\.([A-Za-z][A-Za-z0-9]{0,9})$/;
// A sentence must say the block is a whole file, and must not say it is a piece of one.
const WHOLE_WORDS = /\b(?:create|new file|named|called|save (?:it|this) as|contents? (?:of|for)|full|complete|entire|whole|updated|here(?:'s| is) (?:the )?(?:code|file|implementation))\b/i;
const PARTIAL_WORDS = /\b(?:add|append|insert|replace|change|modify|patch|snippet|excerpt|part|section|lines?|in your|to your|inside|within|example|usage|output|run|running)\b/i;
// "# ... rest of the code", "// existing code ...", a line of just "...": not a whole file.
const ELISION_RE =
  /^[ \t]*(?:(?:#|\/\/|\/\*|<!--|--|\*)[ \t]*(?:\.\.\.|…|.*\b(?:(?:rest of|existing|remaining|unchanged|other)\s+(?:the\s+)?(?:code|file|content|implementation|methods|functions|imports)|same as before)\b)|(?:\.\.\.|…)[ \t]*$)/im;

function pathLike(token: string): string | null {
  const m = PATH_RE.exec(token);
  if (!m || NOT_FILES.test(token) || !Object.hasOwn(EXT_LANGS, m[1].toLowerCase())) return null;
  return token.replace(/^\.\//, '');
}

function pathFromInfo(info: string): string | null {
  const attr = /\b(?:title|file|filename|filepath|path)=["']?([^"'\s]+)/i.exec(info);
  if (attr) return pathLike(attr[1]);
  const [first = '', second] = info.split(/\s+/);
  const colon = first.indexOf(':');
  if (colon > 0) return pathLike(first.slice(colon + 1)); // ```rust:src/main.rs
  return (second && pathLike(second)) || pathLike(first); // ```python calc.py, ```calc.py
}

/** `# calc.py`, `// File: src/main.rs`; `keep` when the comment also describes the file (`# calc.py - a calculator`). */
function pathFromFirstLine(body: string): { path: string; keep: boolean } | null {
  // `\s*(?:closer)?\s*$` (two adjacent \s*) was quadratic on a run of spaces; same language.
  const first = body.split('\n', 1)[0];
  if (first.startsWith('#!') || first.length > 300) return null;
  const m = /^\s*(?:#|\/\/|--|;|\/\*|<!--)\s*(?:(?:file(?:name)?|path)\s*:\s*)?(\S+?)((?:\s*:\s+|\s+[-–—]\s+)[A-Za-z][^\n]*)?(?:\s*(?:\*\/|-->))?\s*$/i.exec(first);
  const path = m ? pathLike(m[1]) : null;
  return path ? { path, keep: m![2] !== undefined } : null;
}

function pathFromLineBefore(text: string, blockStart: number): string | null {
  const lines = text.slice(0, blockStart).split('\n');
  lines.pop(); // the (empty) rest of the fence line
  let line = lines.pop() ?? '';
  if (line.trim() === '') line = lines.pop() ?? '';
  // A line that long is prose, and the patterns below need not look at it.
  if (line.length > 300) return null;
  const clean = line
    .replace(/^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)/, '')
    .replace(/[*`]/g, '')
    .trim();
  // "**src/main.rs**", "File: src/main.rs", "File `calc.py`:", "`calc.py`:", "### calc.py (new file)", "Here is `calc.py`:"
  const exact = /^(?:here(?:'s| is)\s+)?(?:(?:file|filename|file name|path)(?:\s*:\s*|\s+))?(\S+?)(?:\s*\((?:new|new file|updated|full|complete)[^)]*\))?\s*:?$/i.exec(clean);
  if (exact) return pathLike(exact[1]);
  // "Create a file named `calc.py` with the following content:", not "Register it in `mod.rs`:"
  if (!clean.endsWith(':') || clean.length > 160 || !WHOLE_WORDS.test(clean) || PARTIAL_WORDS.test(clean)) return null;
  const paths = new Set(
    clean
      .split(/\s+/)
      .map((t) => pathLike(t.replace(/^["'(]+|["'),.:;]+$/g, '')))
      .filter((p): p is string => p !== null),
  );
  return paths.size === 1 ? [...paths][0] : null;
}

export function fencedFile(text: string, b: Block): { path: string; content: string } | null {
  if (!b.closed || SHELL.has(b.lang) || b.lang === 'diff' || b.lang === 'patch') return null;
  let body = b.body;
  let path = pathFromInfo(b.info);
  if (!path) {
    const named = pathFromFirstLine(body);
    path = named?.path ?? null;
    // Drop a comment that only names the file (its syntax may not suit the language); keep one that describes it.
    if (named && !named.keep) body = body.slice(body.indexOf('\n') + 1);
  }
  path ??= pathFromLineBefore(text, b.start);
  if (!path || body.trim() === '' || ELISION_RE.test(body)) return null;
  const langs = EXT_LANGS[path.split('.').pop()!.toLowerCase()];
  const knownLang = Object.values(EXT_LANGS).some((l) => l.includes(b.lang));
  if (b.lang && knownLang && !langs.includes(b.lang)) return null; // ```rust under calc.py
  return { path, content: body.endsWith('\n') ? body : `${body}\n` };
}
