// The single left-to-right walk over a reply: markdown fences, Hermes
// <tool_call> and Qwen <function=...> tags, and bare JSON candidates. Calls and
// errors go into a State; the fenced blocks are returned for fenced.ts and
// nudge.ts, which look at code the model showed instead of calling a tool.
import { parseLoose, repairArguments } from './parse';
import { scanBalanced } from './scanner';
import { ARGKEY_RE, TOOLISH_RE, interpret, resolveName } from './shapes';
import { SHAPE, type RecoveredCall, type RecoveredKind } from './types';

// ---------------------------------------------------------------- fences

export interface Block {
  lang: string;
  info: string;
  /** Start of the opening fence line. */
  start: number;
  body: string;
  closed: boolean;
}

// The info string ends at its last non-blank character: a lazy `[^\n]*?` before
// `[ \t]*$` was quadratic on a fence line holding a long run of spaces.
const FENCE_RE = /^ {0,3}(`{3,}|~{3,})[ \t]*((?:[^\n]*[^ \t\n])?)[ \t]*$/;
// Fences whose body may carry a call; any other language is opaque code.
const CALL_FENCES = new Set(['', 'json', 'json5', 'jsonc', 'xml', 'tool_call', 'tool_code', 'text', 'plaintext']);
export const SHELL = new Set(['bash', 'sh', 'shell', 'zsh', 'fish', 'console', 'terminal', 'shell-session', 'sh-session', 'powershell', 'ps1', 'pwsh', 'cmd', 'bat', 'batch']);

function lineEndAt(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n < 0 ? text.length : n;
}

function fenceLang(info: string): string {
  return (info.split(/[\s:{]/)[0] ?? '').toLowerCase();
}

// ---------------------------------------------------------------- main scan

export interface State {
  known: string[];
  calls: RecoveredCall[];
  errors: string[];
}

/** A text being scanned, with the openings already known to be unclosed. */
interface Source {
  text: string;
  unclosed: Set<number>;
}

function takeCandidate(s: State, src: Source, i: number, strict: boolean, tagged: boolean): number | null {
  const { text, unclosed } = src;
  if (unclosed.has(i) || (!strict && !TOOLISH_RE.test(text.slice(i, i + 300)))) return null;
  const scan = scanBalanced(text, i, unclosed);
  const raw = text.slice(i, scan.end);
  const parsed = parseLoose(raw, scan);
  if (!parsed.ok) {
    const meant = strict || ARGKEY_RE.test(raw) || s.known.some((k) => raw.includes(`"${k}"`) || raw.includes(`'${k}'`));
    if (!meant) return null;
    s.errors.push(parsed.error);
    return scan.end;
  }
  const end = parsed.end === undefined ? scan.end : i + parsed.end;
  const got = interpret(parsed.value, s.known, strict);
  // Clean JSON that is data, not a call: skip it whole (scanning its inner
  // objects again would be quadratic on deep nesting).
  if (got.calls.length === 0 && got.errors.length === 0) return parsed.repaired ? null : end;
  for (const c of got.calls) {
    const kind: RecoveredKind = parsed.repaired || c.repaired ? 'repaired_json' : tagged ? 'tool_call_tag' : 'json';
    s.calls.push({ name: c.name, arguments: c.arguments, kind });
  }
  s.errors.push(...got.errors);
  return end;
}

/** Qwen3-coder style: `<function=name><parameter=key>value</parameter></function>`. Values stay strings. */
function takeFunctionTag(s: State, name: string, body: string) {
  const resolved = resolveName(name, s.known);
  if (!resolved) {
    s.errors.push(`"${name}" is not an available tool. Available tools: ${s.known.join(', ')}. Call one as ${SHAPE}.`);
    return;
  }
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    const fixed = repairArguments(trimmed);
    if (!fixed.ok) s.errors.push(`Arguments for "${resolved}": ${fixed.error}`);
    else s.calls.push({ name: resolved, arguments: fixed.value, kind: fixed.repaired ? 'repaired_json' : 'tool_call_tag' });
    return;
  }
  const args: Record<string, unknown> = {};
  // Only up to the last closing tag: past it every unclosed opening would scan to the end (quadratic).
  const last = body.lastIndexOf('</parameter>');
  const closed = last < 0 ? '' : body.slice(0, last + '</parameter>'.length);
  for (const m of closed.matchAll(/<parameter=([\w.-]+)>\n?([\s\S]*?)\n?<\/parameter>/g)) args[m[1]] = m[2];
  s.calls.push({ name: resolved, arguments: args, kind: 'tool_call_tag' });
}

function takeTagBody(s: State, body: string) {
  const fn = /^\s*<function=([\w.-]+)>([\s\S]*?)(?:<\/function>|$)/.exec(body);
  if (fn) return takeFunctionTag(s, fn[1], fn[2]);
  const before = s.calls.length + s.errors.length;
  const src: Source = { text: body, unclosed: new Set() };
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '{' && body[i] !== '[') continue;
    const next = takeCandidate(s, src, i, true, true);
    if (next !== null) i = next - 1;
  }
  if (s.calls.length + s.errors.length === before) {
    s.errors.push(`A <tool_call> tag held no tool call. Put exactly ${SHAPE} inside <tool_call></tool_call>.`);
  }
}

/** Walks the text once: fences, tags and JSON candidates, left to right. */
export function scanText(s: State, text: string): Block[] {
  const blocks: Block[] = [];
  const src: Source = { text, unclosed: new Set() };
  let open: { marker: string; info: string; start: number; bodyStart: number } | null = null;
  let i = 0;
  while (i < text.length) {
    if (i === 0 || text[i - 1] === '\n') {
      const end = lineEndAt(text, i);
      const m = FENCE_RE.exec(text.slice(i, end));
      if (m && open && m[1][0] === open.marker[0] && m[1].length >= open.marker.length && m[2] === '') {
        blocks.push({ lang: fenceLang(open.info), info: open.info, start: open.start, body: text.slice(open.bodyStart, i), closed: true });
        open = null;
        i = end + 1;
        continue;
      }
      if (m && !open) {
        const info = m[2];
        const lang = fenceLang(info);
        if (CALL_FENCES.has(lang)) {
          open = { marker: m[1], info, start: i, bodyStart: end + 1 };
          i = end + 1;
          continue;
        }
        // Opaque code: jump to its closing line without looking for calls.
        let j = end + 1;
        let close = -1;
        while (j < text.length) {
          const e = lineEndAt(text, j);
          const c = FENCE_RE.exec(text.slice(j, e));
          if (c && c[1][0] === m[1][0] && c[1].length >= m[1].length && c[2] === '') {
            close = j;
            break;
          }
          j = e + 1;
        }
        const bodyEnd = close < 0 ? text.length : close;
        blocks.push({ lang, info, start: i, body: text.slice(Math.min(end + 1, bodyEnd), bodyEnd), closed: close >= 0 });
        i = close < 0 ? text.length : lineEndAt(text, close) + 1;
        continue;
      }
    }
    const c = text[i];
    if (c === '<' && text.startsWith('<tool_call>', i)) {
      const close = text.indexOf('</tool_call>', i);
      const bodyEnd = close < 0 ? text.length : close;
      takeTagBody(s, text.slice(i + '<tool_call>'.length, bodyEnd));
      i = close < 0 ? text.length : close + '</tool_call>'.length;
      continue;
    }
    if (c === '<') {
      const fn = /^<function=([\w.-]+)>/.exec(text.slice(i, i + 100));
      if (fn) {
        const close = text.indexOf('</function>', i);
        const bodyEnd = close < 0 ? text.length : close;
        takeFunctionTag(s, fn[1], text.slice(i + fn[0].length, bodyEnd));
        i = close < 0 ? text.length : close + '</function>'.length;
        continue;
      }
    }
    if (c === '{' || (c === '[' && /^\[\s*\{/.test(text.slice(i, i + 50)))) {
      const next = takeCandidate(s, src, i, false, false);
      if (next !== null) {
        i = next;
        continue;
      }
    }
    i++;
  }
  if (open) blocks.push({ lang: fenceLang(open.info), info: open.info, start: open.start, body: text.slice(open.bodyStart), closed: false });
  return blocks;
}
