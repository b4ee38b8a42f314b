// Shared by the compaction tests and the benchmark: a chat session driven turn by turn against the scripted
// Ollama, with replies told apart by what the request is (classification, summary, answer).
import { startTurn } from '../../lib/agents/chat';
import { loadPersona } from '../../lib/agents/personas';
import { estimateMessages } from '../../lib/llm/budget';
import type { ScriptedReply } from '../support/scripted-ollama';
import type { TestApp } from '../support/test-app';

export const SMALL = 'qwen2.5-coder:7b';
export const BIG = 'qwen2.5-coder:14b';

const summariserHead = () => loadPersona('compact').system.slice(0, 60);

export const isClassify = (r: any) => !!r.format;
export const isSummary = (r: any) => String(r.messages?.[0]?.content ?? '').startsWith(summariserHead());
export const isAnswer = (r: any) => !isClassify(r) && !isSummary(r);

/** What the user types in turn i: long enough that 40 of them outgrow a small num_ctx. */
export function userText(i: number): string {
  return `Turn ${i}: explain step ${i} of the parser in src/parser_${i}.py and keep the function parse_step_${i} as it is. ` +
    'It reads tokens from the lexer, builds the syntax tree, and reports errors with line numbers.';
}

/** The Architect's answer in turn i (about 150 tokens). */
export function answerText(i: number): string {
  const sentence = `Step ${i} takes the token stream from the lexer and folds it into nodes of the syntax tree; parse_step_${i} keeps the position of each token so that an error can name its line. `;
  return `${sentence}${sentence}It returns the tree to the caller, which checks it before the next step runs. Nothing else in src/parser_${i}.py changes.`;
}

export function summaryText(k: number, extra = ''): string {
  return [
    '## Goal', `Understand the parser, step by step (summary ${k}).`,
    '## Decisions', 'Keep each parse_step_N function as it is.',
    '## Files changed', 'none',
    '## Open problems', 'none',
    '## Names in play', 'src/parser_N.py, parse_step_N, the lexer, the syntax tree.',
    extra,
  ].filter(Boolean).join('\n');
}

export const classifyReply = (intent = 'conversational'): ScriptedReply => ({ content: JSON.stringify({ intent, reason: 'scripted' }), match: isClassify });
export const answerReply = (i: number, extra: Partial<ScriptedReply> = {}): ScriptedReply => ({ content: answerText(i), match: isAnswer, ...extra });
export const summaryReply = (k: number, extra: Partial<ScriptedReply> = {}): ScriptedReply => ({ content: summaryText(k), match: isSummary, ...extra });

/** One conversational turn: scripts its two replies, runs it, returns the run id and the requests it made. */
export async function conversationalTurn(t: TestApp, i: number, extra: Partial<ScriptedReply> = {}): Promise<{ runId: string; requests: any[] }> {
  t.ollama.script(SMALL, classifyReply(), answerReply(i, extra));
  const before = t.ollama.chatRequests().length;
  const runId = startTurn(t.app, t.sessionId, userText(i));
  await t.app.runs.wait(runId);
  return { runId, requests: t.ollama.chatRequests().slice(before) };
}

/** The budget's estimate of a recorded request, tools included. */
export const requestTokens = (body: any): number => estimateMessages(body.messages, body.tools);
