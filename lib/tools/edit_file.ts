// edit_file: replace one unique block of text. Small models rarely reproduce
// whitespace exactly, so an exact miss falls back to a line match that ignores
// indentation and spacing; a real miss shows the closest lines so the next try
// can succeed.
import { promises as fs } from 'node:fs';
import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import { defineTool } from './define';
import type { ToolResult } from './types';
import { resolveInWorkspace, assertWritable, notFoundMessage } from './workspace';
import { atomicWrite, decodeUtf8, diffStat, looksBinary, unifiedDiff } from './files';
import { CHARS_PER_TOKEN, fitHead } from './output';

const args = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  old_string: z.string().describe('The exact text to replace, copied from the file.'),
  new_string: z.string().describe('The text to put in its place.'),
});

const normLine = (l: string) => l.trim().replace(/\s+/g, ' ');
const leading = (l: string) => /^\s*/.exec(l)![0];
const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;
const similarity = (a: string, b: string) => (a === b ? 1 : 1 - distance(a, b) / Math.max(a.length, b.length));
const numbered = (lines: string[], first: number) => lines.map((l, i) => `${String(first + i).padStart(5)} | ${l}`);

/** Start offsets of `needle` in `hay`, overlapping ones included (they are ambiguous too). */
function occurrences(hay: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** Split into lines, dropping blank lines at both ends; returns how many were dropped. */
function trimmedLines(s: string): { lines: string[]; lead: number; trail: number } {
  const lines = s.replace(/\n$/, '').split('\n');
  let lead = 0;
  while (lead < lines.length && lines[lead].trim() === '') lead++;
  let end = lines.length;
  while (end > lead && lines[end - 1].trim() === '') end--;
  return { lines: lines.slice(lead, end), lead, trail: lines.length - end };
}

/** Models sometimes paste our "  12 | code" suggestion back; strip those numbers. */
function stripLineNumbers(lines: string[]): string[] | null {
  const re = /^\s*\d+ \| ?/;
  return lines.length && lines.every((l) => re.test(l)) ? lines.map((l) => l.replace(re, '')) : null;
}

function findLines(fileNorm: string[], want: string[]): number[] {
  const target = want.map(normLine);
  const starts: number[] = [];
  for (let s = 0; s + target.length <= fileNorm.length; s++) {
    if (target.every((t, i) => fileNorm[s + i] === t)) starts.push(s);
  }
  return starts;
}

/** Carry the file's indentation over to the replacement, keeping relative indents. */
function reindent(newLines: string[], oldFirst: string, fileFirst: string): string[] {
  const from = leading(oldFirst);
  const to = leading(fileFirst);
  if (from === to) return newLines;
  return newLines.map((l) => (l.trim() === '' ? '' : l.startsWith(from) ? to + l.slice(from.length) : to + l.trimStart()));
}

/** The window of file lines most like `want`, for "did you mean these lines". */
function closestBlock(fileNorm: string[], want: string[]): { start: number; size: number; score: number } | null {
  const n = fileNorm.length;
  const size = Math.min(want.length, n);
  if (!size) return null;
  const target = want.map(normLine);
  // Very large files: compare first, middle and last lines only.
  const probe = size * n > 300_000 ? [...new Set([0, size >> 1, size - 1])] : [...Array(size).keys()];
  let best = { start: 0, size, score: -1 };
  for (let s = 0; s + size <= n; s++) {
    const score = probe.reduce((acc, i) => acc + similarity(fileNorm[s + i], target[i]), 0) / probe.length;
    if (score > best.score) best = { start: s, size, score };
  }
  return best;
}

export const editFile = defineTool({
  name: 'edit_file',
  description:
    'Replace a block of text in an existing file. old_string must be copied from the file and match exactly one place ' +
    '(include a few surrounding lines to make it unique); new_string replaces it. ' +
    'Example: {"path": "src/main.rs", "old_string": "fn main() {\\n    run();\\n}", "new_string": "fn main() {\\n    run().unwrap();\\n}"}. ' +
    'To create a file or replace all of it use write_file.',
  args,

  async run(args, ctx): Promise<ToolResult> {
    const target = await resolveInWorkspace(ctx.workspace, args.path);
    assertWritable(target, ctx.env?.privateDirs, ctx.workspace);
    const rel = target.rel;
    if (!target.exists) return { ok: false, content: await notFoundMessage(ctx.workspace, rel) };
    const st = await fs.stat(target.abs);
    if (st.isDirectory()) return { ok: false, content: `${rel} is a directory, not a file.` };
    if (args.old_string === '') {
      return { ok: false, content: 'old_string is empty. To create a file or replace all of it use write_file; to insert, put the neighbouring line in old_string and repeat it in new_string.' };
    }
    if (args.old_string === args.new_string) return { ok: false, content: 'old_string and new_string are the same; nothing to change.' };
    const buf = await fs.readFile(target.abs);
    const original = looksBinary(buf) ? null : decodeUtf8(buf);
    if (original === null) return { ok: false, content: `${rel} is binary or not UTF-8 text; edit_file cannot change it.` };

    // Work in \n; write back CRLF if the file used CRLF throughout.
    const crlf = original.includes('\r\n') && !/(^|[^\r])\n/.test(original);
    const text = crlf ? original.replace(/\r\n/g, '\n') : original;
    const oldS = args.old_string.replace(/\r\n/g, '\n');
    const newS = args.new_string.replace(/\r\n/g, '\n');

    let updated: string;
    let firstLine: number;
    let newCount: number;
    let how = '';
    const hits = occurrences(text, oldS);
    if (hits.length > 1) {
      const at = hits.slice(0, 10).map((i) => lineAt(text, i)).join(', ');
      return { ok: false, content: `old_string matches ${hits.length} places in ${rel} (lines ${at}). Include more surrounding lines in old_string so it matches exactly one place.` };
    }
    if (hits.length === 1) {
      updated = text.slice(0, hits[0]) + newS + text.slice(hits[0] + oldS.length);
      firstLine = lineAt(text, hits[0]);
      newCount = Math.max(1, newS.split('\n').length);
    } else {
      // Whitespace-tolerant: compare whole lines with trimmed, collapsed whitespace.
      const fileLines = text.split('\n');
      const fileNorm = fileLines.map(normLine);
      const old = trimmedLines(oldS);
      let want = old.lines;
      let starts = want.length ? findLines(fileNorm, want) : [];
      const unnumbered = starts.length ? null : stripLineNumbers(want);
      if (unnumbered) {
        want = unnumbered;
        starts = findLines(fileNorm, want);
      }
      if (starts.length > 1) {
        const at = starts.slice(0, 10).map((s) => s + 1).join(', ');
        return { ok: false, content: `old_string matches ${starts.length} places in ${rel} when whitespace is ignored (lines ${at}). Include more surrounding lines so it matches exactly one place.` };
      }
      if (!starts.length) return { ok: false, content: suggest(rel, fileLines, fileNorm, want) };
      const s = starts[0];
      // An all-blank new_string deletes the matched lines outright.
      let repl = newS.trim() === '' ? [] : newS.replace(/\n$/, '').split('\n');
      // Drop the blank edge lines new_string shares with old_string: those were not matched.
      repl = repl.slice(Math.min(old.lead, leadingBlank(repl)), repl.length - Math.min(old.trail, trailingBlank(repl)));
      if (unnumbered) repl = stripLineNumbers(repl) ?? repl;
      repl = reindent(repl, want[0], fileLines[s]);
      updated = [...fileLines.slice(0, s), ...repl, ...fileLines.slice(s + want.length)].join('\n');
      firstLine = s + 1;
      newCount = repl.length;
      how = ' (matched ignoring whitespace; indentation adjusted to the file)';
    }

    const written = crlf ? updated.replace(/\n/g, '\r\n') : updated;
    await atomicWrite(target.abs, written, st.mode);
    const diff = unifiedDiff(rel, original, written, false);
    // Show the edited region so the model can check the result without another read.
    const after = updated.replace(/\n$/, '').split('\n');
    const from = Math.max(1, firstLine - 2);
    const region = after.slice(from - 1, firstLine - 1 + newCount + 2);
    const { text: shown } = fitHead(numbered(region, from), (ctx.settings.resultTokens * CHARS_PER_TOKEN) / 2);
    return {
      ok: true,
      content: `Edited ${rel} at line ${firstLine} (${diffStat(diff)})${how}. Now:\n${shown}`,
      files: [{ path: rel, before: original, beforeEncoding: 'utf8', after: written }],
      diff,
    };
  },
});

function leadingBlank(ls: string[]): number {
  const i = ls.findIndex((l) => l.trim() !== '');
  return i === -1 ? ls.length : i;
}
const trailingBlank = (ls: string[]) => leadingBlank([...ls].reverse());

function suggest(rel: string, fileLines: string[], fileNorm: string[], want: string[]): string {
  const head = `old_string was not found in ${rel}, not even ignoring whitespace.`;
  const best = want.length ? closestBlock(fileNorm, want) : null;
  if (!best || best.score < 0.4) return `${head} Nothing in the file looks like it; call read_file to see the current content.`;
  const block = numbered(fileLines.slice(best.start, best.start + best.size), best.start + 1).join('\n');
  return (
    `${head} Did you mean these lines (${best.start + 1}-${best.start + best.size})?\n${block}\n` +
    'Copy the exact text from the file (without the line numbers and " | ") into old_string and try again.'
  );
}
