import { z } from 'zod';
import { getApp } from '@/lib/app';
import { feedbackSummary, MAX_NOTE, pipelineVote, recordVote, sessionVotes } from '@/lib/feedback/store';
import { id, parseJson, parseQuery } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('message'), sessionId: id, messageId: id }),
  z.object({ kind: z.literal('pipeline'), runId: id }),
]);
const Vote = z.object({ target: Target, rating: z.enum(['up', 'down']), note: z.string().max(MAX_NOTE, `must be at most ${MAX_NOTE} characters`).optional() });

/** A vote on an answer or a pipeline report; the latest one on a target counts. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await parseJson(req, Vote);
    const vote = recordVote(getApp(), b.target, b.rating, b.note);
    return vote ? json({ vote }) : fail(b.target.kind === 'message' ? 'No such answer in that session.' : 'No such pipeline run.', 404);
  });
}

const Query = z.object({ sessionId: id.optional(), runId: id.optional() });

/** `?sessionId=`: the votes on its answers; `?runId=`: the vote on a report; neither: the totals per model and persona. */
export function GET(req: Request) {
  return handle(() => {
    const q = parseQuery(req.url, Query);
    const app = getApp();
    if (q.sessionId) return json({ votes: sessionVotes(app, q.sessionId) });
    if (q.runId) return json({ vote: pipelineVote(app, q.runId) });
    return json({ summary: feedbackSummary(app) });
  });
}
