'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { api, timeAgo } from '../api';
import { Badge, Card, ErrorText, TopNav } from '../ui';
import { RunControls } from './RunControls';
import { STATUS_TONE, type PipelineSummary } from './types';

/** Every pipeline run: queued, running and finished, newest first. */
export function PipelinesPage() {
  const list = useQuery({
    queryKey: ['pipelines'],
    queryFn: () => api<{ pipelines: PipelineSummary[] }>('/api/pipelines'),
    // Poll only while something is in line or running.
    refetchInterval: (q) => (q.state.data?.pipelines.some((p) => p.status === 'running' || p.status === 'queued') ? 1500 : false),
  });
  const rows = list.data?.pipelines ?? [];
  return (
    <div className="min-h-full">
      <TopNav />
      <main className="mx-auto max-w-6xl space-y-3 p-4">
        <Card
          title="Pipelines"
          actions={<Link href="/pipelines/new" data-testid="new-pipeline" className="btn-primary">New pipeline</Link>}
        >
          <p className="mb-2 text-xs text-neutral-500">
            A requirement document in; classify, plan, criteria, implement, review, revise and test out. Runs queue: one uses the models at a time.
          </p>
          {list.error && <ErrorText>{list.error.message}</ErrorText>}
          {rows.length === 0 && list.data && <p className="text-xs text-neutral-500">No pipeline runs yet.</p>}
          <ul data-testid="pipeline-list" className="divide-y divide-neutral-800">
            {rows.map((p) => (
              <li key={p.id} data-testid="pipeline-item" data-status={p.status} className="flex items-center gap-3 py-1.5">
                <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
                <div className="min-w-0 flex-1">
                  <Link href={`/pipelines/${p.id}`} className="block truncate text-sm text-neutral-100 hover:underline">{p.title}</Link>
                  <div className="truncate text-[11px] text-neutral-500">
                    <span className="font-mono">{p.workspacePath ?? '(no workspace)'}</span>
                    {p.status === 'running' && p.phase && <span> · {p.phase}</span>}
                    {p.headline && <span> · {p.headline}</span>}
                    {!p.headline && p.error && <span className="text-red-400"> · {p.error}</span>}
                  </div>
                </div>
                <span className="shrink-0 text-[11px] text-neutral-500">{timeAgo(p.createdAt)}</span>
                <RunControls id={p.id} status={p.status} compact />
              </li>
            ))}
          </ul>
        </Card>
      </main>
    </div>
  );
}
