// `/remember <text>`: one line under a "Notes" heading of the workspace's
// instruction file, written as a normal file change (before/after kept in
// the tool_result event), so the session shows its diff and Revert undoes it.
// The model is not asked anything.
import { promises as fs } from 'node:fs';
import type { App } from '../ports';
import { privateFolders } from '../config';
import type { ToolOutcome } from '../runs/events';
import { atomicWrite, countLines, plural, snapshot, unifiedDiff } from '../tools/files';
import { assertWritable, resolveInWorkspace, WorkspaceError } from '../tools/workspace';
import { findInstructionFile } from './files';
import { randomUUID } from 'node:crypto';

/** The tool name remember's cards carry (components/session/ToolCard.tsx shows its diff). */
export const REMEMBER_TOOL = 'remember';
const MAX_NOTE_CHARS = 2000;
const MAX_FILE_BYTES = 1_000_000;

/** `/remember text` → the text; null when the input is not that command. */
export function parseRemember(text: string): string | null {
  const m = /^\/remember(?:\s+([\s\S]*))?$/.exec(text);
  return m ? (m[1] ?? '').trim() : null;
}

/** One line: whitespace runs (newlines too) become one space, control characters go. */
export function noteLine(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim().slice(0, MAX_NOTE_CHARS);
}

/**
 * `content` with `- note` appended to its Notes section (any heading level
 * named "Notes", outside code fences), or a new "## Notes" section at the end.
 */
export function appendNote(content: string, note: string): string {
  const line = `- ${note}`;
  if (!content.trim()) return `## Notes\n\n${line}\n`;
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  let fence = false;
  let start = -1;
  let level = 0;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) fence = !fence;
    if (fence) continue;
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(l);
    if (!h) continue;
    if (start < 0 && h[2]!.toLowerCase() === 'notes') {
      start = i;
      level = h[1]!.length;
    } else if (start >= 0 && h[1]!.length <= level) {
      end = i;
      break;
    }
  }
  if (start < 0) return `${content.replace(/\s*$/, '')}\n\n## Notes\n\n${line}\n`;
  let last = end;
  while (last > start + 1 && lines[last - 1]!.trim() === '') last--;
  const before = lines.slice(0, last);
  if (last === start + 1) before.push(''); // a blank line under the heading
  const after = lines.slice(end);
  // A CRLF file stays CRLF: the diff shows one added line, not a rewrite.
  return [...before, line, ...(after.length ? ['', ...after] : [''])].join(content.includes('\r\n') ? '\r\n' : '\n');
}

/**
 * Writes the note into the root's instruction file: its AGENTS.md, or its
 * CLAUDE.md when that is the file in use (a new AGENTS.md would hide it),
 * else a new AGENTS.md. Confined like write_file: a symlink out is refused.
 */
export async function rememberNote(workspace: string, note: string, privateDirs: string[] = []): Promise<ToolOutcome> {
  const line = noteLine(note);
  if (!line) return { ok: false, content: 'Say what to remember: /remember <text>.' };
  const root = await fs.realpath(workspace);
  const name = findInstructionFile(root)?.name ?? 'AGENTS.md';
  let target;
  try {
    target = await resolveInWorkspace(root, name);
    assertWritable(target, privateDirs, root);
  } catch (err) {
    if (err instanceof WorkspaceError) return { ok: false, content: `${name}: ${err.message}` };
    throw err;
  }
  if (target.exists) {
    const st = await fs.stat(target.abs);
    if (!st.isFile()) return { ok: false, content: `${target.rel} is not a regular file; nothing was written.` };
    if (st.size > MAX_FILE_BYTES) return { ok: false, content: `${target.rel} is ${st.size} bytes, over ${MAX_FILE_BYTES}; add the note by hand.` };
  }
  const before = await snapshot(target.abs);
  if (before.change.beforeEncoding === 'base64') return { ok: false, content: `${target.rel} is not UTF-8 text; nothing was written.` };
  const isNew = before.change.before === null;
  const after = appendNote(before.text, line);
  await atomicWrite(target.abs, after, before.mode);
  const diff = unifiedDiff(target.rel, before.text, after, isNew);
  return {
    ok: true,
    content: `${isNew ? 'Created' : 'Added a note to'} ${target.rel} (${plural(countLines(after), 'line')}).`,
    files: [{ path: target.rel, ...before.change, after }],
    diff,
  };
}

/** The `/remember` turn: a run with one file change and no model call. */
export function startRemember(app: App, opts: { sessionId: string; workspace: { id: string; path: string }; input: string; note: string }): string {
  return app.runs.start({ kind: 'chat', input: opts.input, sessionId: opts.sessionId, workspaceId: opts.workspace.id }, async (ctx) => {
    const callId = randomUUID();
    const root = await fs.realpath(opts.workspace.path);
    const name = findInstructionFile(root)?.name ?? 'AGENTS.md';
    ctx.emit({ type: 'tool_call', callId, tool: REMEMBER_TOOL, args: { path: name, text: noteLine(opts.note) } });
    const started = Date.now();
    const result = await rememberNote(root, opts.note, privateFolders(app.config(opts.workspace.path)));
    ctx.emit({ type: 'tool_result', callId, tool: REMEMBER_TOOL, ...result, durationMs: Date.now() - started });
    if (!result.ok) throw new Error(result.content);
    return `Remembered in ${name}: the next turns read it.`;
  });
}
