'use client';
// The user's own votes per model and persona, beside what the benchmark
// measured for the same model: two views of the same question.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { fmtPass, type AggregateView } from './rows';

interface FeedbackRow { model: string; persona: string; up: number; down: number }

export function FeedbackTable({ aggregates }: { aggregates: AggregateView[] }) {
  const q = useQuery({ queryKey: ['feedback', 'summary'], queryFn: () => api<{ summary: FeedbackRow[] }>('/api/feedback') });
  const rows = q.data?.summary ?? [];
  if (!rows.length) return <p className="text-xs text-neutral-500">No votes yet: rate answers in a session or a pipeline report with 👍 or 👎.</p>;
  const measured = (model: string) => {
    const a = aggregates.filter((x) => x.model === model && x.n > 0);
    if (!a.length) return '—';
    const n = a.reduce((s, x) => s + x.n, 0);
    return fmtPass(a.reduce((s, x) => s + x.passAt1 * x.n, 0) / n, n);
  };
  return (
    <table data-testid="feedback-table" className="w-full text-left text-xs">
      <thead className="text-neutral-400">
        <tr><th className="px-2 py-1">Model</th><th className="px-2 py-1">Persona</th><th className="px-2 py-1">👍</th><th className="px-2 py-1">👎</th><th className="px-2 py-1">Share good</th><th className="px-2 py-1">Benchmark pass@1</th></tr>
      </thead>
      <tbody className="divide-y divide-neutral-800">
        {rows.map((r) => (
          <tr key={`${r.model}/${r.persona}`} data-testid="feedback-row" data-model={r.model} data-persona={r.persona}>
            <td className="px-2 py-1 font-mono">{r.model || '—'}</td>
            <td className="px-2 py-1 capitalize">{r.persona}</td>
            <td className="px-2 py-1" data-testid="feedback-up">{r.up}</td>
            <td className="px-2 py-1" data-testid="feedback-down">{r.down}</td>
            <td className="px-2 py-1">{Math.round((r.up / (r.up + r.down)) * 100)}%</td>
            <td className="px-2 py-1">{measured(r.model)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
