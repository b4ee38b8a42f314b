'use client';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { progressCount } from '@/lib/text';
import { post, timeAgo } from '../api';
import { Badge, Card, ErrorText, Spinner } from '../ui';
import type { IndexOverview } from './types';
import { useIndexRun } from './useIndexRun';

/** Counts per language, the Re-index button and the progress of a run. */
export function IndexStatusCard({ overview, refresh }: { overview: IndexOverview; refresh: () => void }) {
  const [runId, setRunId] = useState<string | null>(null);
  const activeRun = runId ?? (overview.running ? overview.runId : null);
  const progress = useIndexRun(activeRun, refresh);
  const start = useMutation({
    mutationFn: () => post<{ runId: string }>(`/api/workspaces/${encodeURIComponent(overview.workspace.id)}/symbols/index`),
    onSuccess: (r) => setRunId(r.runId),
  });
  const running = !!progress && !progress.finished;
  const pct = progress && progress.total ? Math.round((100 * progress.done) / progress.total) : null;
  const last = overview.last;

  return (
    <Card
      title="Symbol index"
      actions={
        <button type="button" data-testid="reindex" className="btn-primary" disabled={running || start.isPending} onClick={() => start.mutate()}>
          {running ? 'Indexing…' : last ? 'Re-index' : 'Index now'}
        </button>
      }
    >
      <p className="text-sm">
        <span data-testid="index-files" className="font-semibold">{overview.files}</span>
        <span className="text-neutral-500"> files · </span>
        <span data-testid="index-symbols" className="font-semibold">{overview.symbols}</span>
        <span className="text-neutral-500"> symbols</span>
        {last && <span className="ml-3 text-xs text-neutral-500">last run {timeAgo(last.startedAt)}, {last.durationMs} ms</span>}
        {!last && !running && <span className="ml-3 text-xs text-neutral-500">never indexed</span>}
      </p>
      {progress && (
        <div className="mt-2" data-testid="index-progress">
          <div className="flex items-center gap-2 text-xs text-neutral-400">
            {running && <Spinner />}
            <span>{progress.finished ? progress.finished.text : `${progress.label}${progress.total ? ` ${progressCount(progress.label, progress.done, progress.total)}` : '…'}`}</span>
          </div>
          {running && (
            <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-neutral-800">
              <div className={`h-full bg-sky-500 transition-all ${pct === null ? 'w-1/3 animate-pulse' : ''}`} style={pct === null ? undefined : { width: `${pct}%` }} />
            </div>
          )}
        </div>
      )}
      {start.error && <ErrorText>{start.error.message}</ErrorText>}
      {overview.languages.length > 0 && (
        <table className="mt-3 w-full text-xs" data-testid="index-languages">
          <thead className="text-left text-neutral-500">
            <tr>
              <th className="py-1 font-normal">Language</th>
              <th className="py-1 text-right font-normal">Files</th>
              <th className="py-1 text-right font-normal">Symbols</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-neutral-800">
            {overview.languages.map((l) => (
              <tr key={l.language}>
                <td className="py-1">{l.display}{l.display.toLowerCase() !== l.language && <span className="ml-1 text-neutral-500">({l.language})</span>}</td>
                <td className="py-1 text-right font-mono">{l.files}</td>
                <td className="py-1 text-right font-mono">{l.symbols}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {last?.warnings.map((w) => <p key={w} className="mt-2"><Badge tone="amber">{w}</Badge></p>)}
    </Card>
  );
}
