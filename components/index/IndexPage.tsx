'use client';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import { ErrorText, Spinner, TopNav } from '../ui';
import { IndexStatusCard } from './IndexStatusCard';
import { LastRunCard } from './LastRunCard';
import { SymbolSearch } from './SymbolSearch';
import type { IndexOverview } from './types';
import { RagPanel } from './RagPanel';
import { InstructionsPanel } from './InstructionsPanel';

/** A workspace's code intelligence: the symbol index, its search, and (beside it) retrieval. */
export function IndexPage({ workspaceId }: { workspaceId: string }) {
  const overview = useQuery({
    queryKey: ['symbol-index', workspaceId],
    queryFn: () => api<IndexOverview>(`/api/workspaces/${encodeURIComponent(workspaceId)}/symbols`),
  });
  const o = overview.data;
  return (
    <div className="min-h-full">
      <TopNav>
        {o && <span className="truncate font-mono text-xs text-neutral-400" title={o.workspace.path}>{o.workspace.path}</span>}
        {overview.isFetching && <Spinner />}
      </TopNav>
      <main className="mx-auto grid max-w-7xl gap-3 p-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        {overview.error && <ErrorText>Could not load the index: {overview.error.message}</ErrorText>}
        {o && (
          <>
            <div className="space-y-3">
              <IndexStatusCard overview={o} refresh={() => void overview.refetch()} />
              {o.last && <LastRunCard last={o.last} />}
              <InstructionsPanel workspaceId={o.workspace.id} />
            </div>
            <div className="space-y-3">
              <SymbolSearch workspaceId={o.workspace.id} root={o.workspace.path} />
              <RagPanel workspaceId={o.workspace.id} defaultPath="." />
            </div>
          </>
        )}
      </main>
    </div>
  );
}
