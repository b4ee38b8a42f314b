// Thumbs up/down on answers and pipeline reports, kept at machine scope in
// `feedback_dir` (a project file cannot move it): one JSON line per vote in
// feedback.jsonl, appended, so a crash loses at most the vote being written.
// The latest vote on a target wins. Who answered (model, persona) is read from
// the event log, never taken from the request.
import fs from 'node:fs';
import path from 'node:path';
import { resolveConfigPath } from '../config';
import type { App } from '../ports';
import { buildReport } from '../pipeline/report';
import { rebuild } from '../pipeline/state';

export type Rating = 'up' | 'down';
export type Target = { kind: 'message'; sessionId: string; messageId: string } | { kind: 'pipeline'; runId: string };

export interface Vote {
  at: number;
  target: Target;
  rating: Rating;
  note?: string;
  model: string;
  persona: string;
}

export const MAX_NOTE = 2000;

const file = (app: App) => path.join(resolveConfigPath(app.config(), 'feedback_dir'), 'feedback.jsonl');
const keyOf = (t: Target) => (t.kind === 'message' ? `m:${t.sessionId}:${t.messageId}` : `p:${t.runId}`);

/** Who gave the answer being rated; null when the target does not exist. */
function author(app: App, t: Target): { model: string; persona: string } | null {
  if (t.kind === 'message') {
    const started = app.log.replay({ sessionId: t.sessionId }).find((e) => e.type === 'message_started' && e.messageId === t.messageId);
    return started?.type === 'message_started' ? { model: started.model, persona: started.persona } : null;
  }
  const events = app.log.replay({ runId: t.runId });
  if (!events.some((e) => e.type === 'pipeline_started')) return null;
  // A report is the Implementer's work, reviewed and tested: credit the Implementer's model.
  const impl = buildReport(rebuild(events)).phases.find((p) => p.phase === 'implement');
  return { model: impl?.model ?? '', persona: 'pipeline' };
}

export function recordVote(app: App, target: Target, rating: Rating, note?: string): Vote | null {
  const who = author(app, target);
  if (!who) return null;
  const vote: Vote = { at: Date.now(), target, rating, ...(note?.trim() ? { note: note.trim().slice(0, MAX_NOTE) } : {}), ...who };
  fs.mkdirSync(path.dirname(file(app)), { recursive: true, mode: 0o700 });
  fs.appendFileSync(file(app), `${JSON.stringify(vote)}\n`, { mode: 0o600 });
  return vote;
}

/** Every target's latest vote. A torn last line (a crash mid-write) is skipped. */
export function currentVotes(app: App): Map<string, Vote> {
  let text = '';
  try {
    text = fs.readFileSync(file(app), 'utf8');
  } catch {
    return new Map();
  }
  const out = new Map<string, Vote>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const v = JSON.parse(line) as Vote;
      if (v?.target && (v.rating === 'up' || v.rating === 'down')) out.set(keyOf(v.target), v);
    } catch {
      /* torn line */
    }
  }
  return out;
}

/** The votes on one session's answers, by message id. */
export function sessionVotes(app: App, sessionId: string): Record<string, Pick<Vote, 'rating' | 'note'>> {
  const out: Record<string, Pick<Vote, 'rating' | 'note'>> = {};
  for (const v of currentVotes(app).values()) {
    if (v.target.kind === 'message' && v.target.sessionId === sessionId) out[v.target.messageId] = { rating: v.rating, note: v.note };
  }
  return out;
}

export function pipelineVote(app: App, runId: string): Pick<Vote, 'rating' | 'note'> | null {
  const v = currentVotes(app).get(keyOf({ kind: 'pipeline', runId }));
  return v ? { rating: v.rating, note: v.note } : null;
}

export interface FeedbackRow { model: string; persona: string; up: number; down: number }

/** Votes per model and persona, for the benchmarks page. */
export function feedbackSummary(app: App): FeedbackRow[] {
  const rows = new Map<string, FeedbackRow>();
  for (const v of currentVotes(app).values()) {
    const k = `${v.model}\u0000${v.persona}`;
    const r = rows.get(k) ?? { model: v.model, persona: v.persona, up: 0, down: 0 };
    r[v.rating]++;
    rows.set(k, r);
  }
  return [...rows.values()].sort((a, b) => a.model.localeCompare(b.model) || a.persona.localeCompare(b.persona));
}
