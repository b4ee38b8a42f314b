// Syntax highlighting for source snippets, split into lines so each keeps its
// line number: highlight.js (through lowlight) sees the whole snippet, so a
// block comment or string spanning lines is coloured right on every line.
import type { Element, ElementContent, Root } from 'hast';
import { common, createLowlight } from 'lowlight';

const lowlight = createLowlight(common);

const BY_EXT: Record<string, string> = {
  py: 'python', pyi: 'python', js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescript', rs: 'rust', go: 'go',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', java: 'java', rb: 'ruby',
  cs: 'csharp', kt: 'kotlin', swift: 'swift', php: 'php', sh: 'bash', bash: 'bash', lua: 'lua',
};

export interface Token { text: string; className: string }

/** The snippet's lines as tokens with highlight.js classes (`hljs-keyword`, ...); plain text when the language is unknown. */
export function highlightLines(lines: string[], path: string): Token[][] {
  const lang = BY_EXT[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
  if (!lang) return lines.map((l) => [{ text: l, className: '' }]);
  let tree: Root;
  try {
    tree = lowlight.highlight(lang, lines.join('\n'));
  } catch {
    return lines.map((l) => [{ text: l, className: '' }]);
  }
  const out: Token[][] = [[]];
  const walk = (nodes: (ElementContent | Root['children'][number])[], classes: string) => {
    for (const n of nodes) {
      if (n.type === 'text') {
        const parts = n.value.split('\n');
        parts.forEach((p, i) => {
          if (i > 0) out.push([]);
          if (p) out.at(-1)!.push({ text: p, className: classes });
        });
      } else if (n.type === 'element') {
        const own = ((n as Element).properties.className as string[] | undefined)?.join(' ') ?? '';
        walk((n as Element).children, [classes, own].filter(Boolean).join(' '));
      }
    }
  };
  walk(tree.children, '');
  return out;
}
