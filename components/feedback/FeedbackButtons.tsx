'use client';
// Thumbs up/down (and an optional note) on an answer or a pipeline report,
// stored on this machine (feedback_dir), shown per model on the benchmarks page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, post } from '../api';
import { ErrorText } from '../ui';

type Rating = 'up' | 'down';
type Target = { kind: 'message'; sessionId: string; messageId: string } | { kind: 'pipeline'; runId: string };
type Current = { rating: Rating; note?: string } | null;

const keyOf = (target: Target) => (target.kind === 'message' ? ['feedback', 'session', target.sessionId] : ['feedback', 'run', target.runId]);

function useCurrent(target: Target): Current {
  // One query per session (every answer's buttons share it) or per report.
  const key = keyOf(target);
  const url = target.kind === 'message' ? `/api/feedback?sessionId=${encodeURIComponent(target.sessionId)}` : `/api/feedback?runId=${encodeURIComponent(target.runId)}`;
  const q = useQuery({ queryKey: key, queryFn: () => api<{ votes?: Record<string, Current>; vote?: Current }>(url) });
  const d = q.data;
  return target.kind === 'message' ? d?.votes?.[target.messageId] ?? null : d?.vote ?? null;
}

export function FeedbackButtons({ target }: { target: Target }) {
  const qc = useQueryClient();
  const current = useCurrent(target);
  const [noteOpen, setNoteOpen] = useState(false);
  // A thumbs down without a note keeps asking why (also after the page re-renders the answer).
  const editing = noteOpen || (current?.rating === 'down' && !current.note);
  const [note, setNote] = useState('');
  const vote = useMutation({
    mutationFn: (b: { rating: Rating; note?: string }) => post<{ vote: { rating: Rating; note?: string } }>('/api/feedback', { target, ...b }),
    onSuccess: async ({ vote: v }) => {
      // The server's answer is the new state: written into the cache, after cancelling a load of the
      // same query still in flight (it started before the vote and would overwrite it).
      await qc.cancelQueries({ queryKey: keyOf(target) });
      const now = { rating: v.rating, note: v.note };
      qc.setQueryData(keyOf(target), (old: { votes?: Record<string, Current>; vote?: Current } | undefined) =>
        target.kind === 'message' ? { ...old, votes: { ...old?.votes, [target.messageId]: now } } : { ...old, vote: now });
      void qc.invalidateQueries({ queryKey: ['feedback', 'summary'] });
    },
  });
  const rate = (rating: Rating) => {
    vote.mutate({ rating });
    setNoteOpen(true);
    setNote(current?.note ?? '');
  };
  const btn = (rating: Rating, label: string, glyph: string) => (
    <button
      type="button"
      data-testid={`feedback-${rating}`}
      aria-pressed={current?.rating === rating}
      aria-label={label}
      title={label}
      onClick={() => rate(rating)}
      className={`rounded px-1.5 py-0.5 ${current?.rating === rating ? (rating === 'up' ? 'bg-emerald-900/60 text-emerald-200' : 'bg-red-900/60 text-red-200') : 'text-neutral-500 hover:bg-neutral-800 hover:text-neutral-200'}`}
    >
      {glyph}
    </button>
  );
  return (
    <div data-testid="feedback" data-rating={current?.rating ?? ''} className="flex flex-wrap items-center gap-1 text-xs">
      {btn('up', 'Good answer', '👍')}
      {btn('down', 'Bad answer', '👎')}
      {current && !editing && current.note && <span className="truncate text-neutral-500" title={current.note}>“{current.note}”</span>}
      {editing && current && (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            vote.mutate({ rating: current.rating, note }, { onSuccess: () => setNoteOpen(false) });
          }}
        >
          <input data-testid="feedback-note" className="input w-64 text-xs" placeholder="What was good or wrong? (optional)" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          <button type="submit" className="btn text-xs" data-testid="feedback-save">Save</button>
        </form>
      )}
      {vote.error && <ErrorText>{vote.error.message}</ErrorText>}
    </div>
  );
}
