// Detects the "explains instead of acts" reply (code or intent, no call), and
// the one message the loop sends back to push the model into a real call.
import { SHELL, scanText } from './extract';

export const NUDGE_MESSAGE =
  'You described the change but did not call a tool, so nothing was written or run. ' +
  'Act now with a real tool call, not a code block: call write_file with {"path": "<file>", "content": "<full file>"} ' +
  'for each file (or edit_file / run_shell), then continue.';

// `\s+(?:this|it)?\s*` would split a run of spaces every way (quadratic); the group holds its own \s*.
const INTENT_RE =
  /\bhere(?:'s| is| are)\s+(?:\w+\s+){0,3}?(?:code|implementation|script|program|solution)\b|\b(?:you|we)\s+(?:can|could|should|need to|will need to)\s+(?:create|add|save|put|write|update|modify|replace|edit)\b|\b(?:create|save|put)\s+(?:(?:this|it|the following)\s*)?(?:code\s+)?(?:in|as|into|to)\s+(?:a\s+)?(?:new\s+)?file\b|\bsave\s+(?:this|it)\s+as\b|\bcreate\s+a\s+(?:new\s+)?file\b/i;
// "I'll now create calc.py" / "Let me write the file" with no call behind it. Not "let me know".
const ANNOUNCE_RE =
  /\b(?:I'll|I will|I am going to|I'm going to|let me(?! know)|let's|now I'll)\s+(?:now\s+)?(?:\w+\s+){0,2}?(?:create|write|edit|update|modify|run|call|use|add|implement|fix)\b/i;

/**
 * A reply that shows code or talks about creating files but made no tool call:
 * the "explains instead of acts" failure. The caller nudges once with
 * NUDGE_MESSAGE. Shell-only snippets alone do not count: a final answer often
 * ends with "run it with: ```bash ...```".
 */
export function looksLikeExplainingInsteadOfActing(content: string): boolean {
  const blocks = scanText({ known: [], calls: [], errors: [] }, content);
  const code = blocks.some((b) => !SHELL.has(b.lang) && b.body.split('\n').filter((l) => l.trim()).length >= 2);
  return code || INTENT_RE.test(content) || ANNOUNCE_RE.test(content);
}
