'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { resultOf } from '@/lib/pipeline/state';
import { api } from '../api';
import { Markdown } from '../session/Markdown';
import { Badge, Card, ErrorText, TopNav } from '../ui';
import { FeedbackButtons } from '../feedback/FeedbackButtons';
import { FilesPanel } from './FilesPanel';
import { FindingsList } from './FindingsList';
import { PhaseTimeline } from './PhaseTimeline';
import { ReportView } from './ReportView';
import { RunControls } from './RunControls';
import { CriteriaMatrix } from './TestRounds';
import { STATUS_TONE, type PipelineDetail } from './types';
import { usePipelineEvents } from './usePipelineEvents';

/** One pipeline run, rendered from its events: timeline, files, findings, rounds, report. */
export function PipelineRunPage({ id }: { id: string }) {
  const qc = useQueryClient();
  const detail = useQuery({ queryKey: ['pipeline', id], queryFn: () => api<{ pipeline: PipelineDetail }>(`/api/pipelines/${id}`) });
  // The stream ends with the run; Resume refetches the detail, which follows it again.
  const { view, stream } = usePipelineEvents(id, detail.data?.pipeline.status === 'queued' || detail.data?.pipeline.status === 'running' ? detail.dataUpdatedAt : null);
  const status = view.lastId ? view.status : detail.data?.pipeline.status ?? 'queued';
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: ['pipelines'] });
  }, [qc, status]);

  const d = detail.data?.pipeline;
  const criteria = resultOf(view.state, 'criteria');
  const review = resultOf(view.state, 'review');
  const revise = resultOf(view.state, 'revise');
  return (
    <div className="min-h-full">
      <TopNav>
        <Link href="/pipelines" className="text-xs text-neutral-400 hover:text-neutral-100">All pipelines</Link>
        {stream !== 'open' && stream !== 'ended' && <Badge tone={stream === 'closed' ? 'red' : 'amber'}>{stream}</Badge>}
      </TopNav>
      <div className="flex flex-wrap items-center gap-3 border-b border-neutral-800 bg-neutral-950 px-4 py-2">
        <h1 className="truncate text-sm font-semibold text-neutral-100" data-testid="pipeline-title">{d?.title ?? 'Pipeline'}</h1>
        <span data-testid="pipeline-status" data-status={status}>
          <Badge tone={STATUS_TONE[status]}>{status}{status === 'queued' && view.queuedAhead ? ` (${view.queuedAhead} ahead)` : ''}</Badge>
        </span>
        {d?.workspacePath && <span className="truncate font-mono text-[11px] text-neutral-500">{d.workspacePath}</span>}
        <span className="ml-auto"><RunControls id={id} status={status} /></span>
      </div>
      <main className="mx-auto grid max-w-7xl gap-3 p-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-3">
          {detail.error && <ErrorText>{detail.error.message}</ErrorText>}
          {view.error && status !== 'finished' && (
            <p data-testid="pipeline-error" className={status === 'failed' ? 'text-sm text-red-400' : 'text-sm text-amber-400'}>{view.error}</p>
          )}
          {view.report && (
            <Card title="Report" actions={<FeedbackButtons target={{ kind: 'pipeline', runId: id }} />}><ReportView report={view.report} /></Card>
          )}
          <Card title="Phases"><PhaseTimeline view={view} /></Card>
        </div>
        <div className="space-y-3">
          <Card title="Test rounds">
            <CriteriaMatrix criteria={criteria?.criteria ?? []} rounds={view.state.rounds} />
            {criteria?.fallbackText && <p className="mt-1 text-[11px] text-amber-400">Criteria were read from the Architect&apos;s plain text.</p>}
          </Card>
          <Card title="Review findings">
            {review ? <FindingsList findings={review.findings} text={review.fallbackText} revised={revise ? (revise.skipped ? [] : revise.files.map((f) => f.path)) : undefined} /> : <p className="text-xs text-neutral-500">Not reviewed yet.</p>}
          </Card>
          <Card title="Files written"><FilesPanel diffs={view.diffs} lines={view.state.files} /></Card>
          <Card title="Requirement">
            <details>
              <summary className="cursor-pointer select-none text-xs text-neutral-400">Show the document</summary>
              <div className="mt-2 max-h-96 overflow-auto"><Markdown text={view.input || d?.input || ''} /></div>
            </details>
          </Card>
        </div>
      </main>
    </div>
  );
}
