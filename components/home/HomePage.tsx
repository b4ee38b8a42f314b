'use client';
import { useQuery } from '@tanstack/react-query';
import { api, type Status } from '../api';
import { ErrorText, Spinner, TopNav } from '../ui';
import { HostsPanel } from './HostsPanel';
import { SessionsPanel } from './SessionsPanel';
import { StatusLine } from './StatusLine';
import { WorkspacePanel } from './WorkspacePanel';

/** The main action first (open a folder, start or resume a session), then the state of things in one line. */
export function HomePage() {
  const status = useQuery({ queryKey: ['status'], queryFn: () => api<Status>('/api/status'), refetchInterval: 15_000 });
  const s = status.data;
  return (
    <div>
      <TopNav>
        {status.isFetching && <Spinner />}
        <button type="button" className="btn" onClick={() => void status.refetch()}>
          Refresh
        </button>
      </TopNav>
      <main className="mx-auto max-w-6xl space-y-3 p-4">
        <div data-testid="home-start" className="grid gap-3 lg:grid-cols-2">
          <WorkspacePanel />
          <SessionsPanel />
        </div>
        {status.error && <ErrorText>Could not load the status: {status.error.message}</ErrorText>}
        {s ? (
          <StatusLine status={s}>
            <HostsPanel />
          </StatusLine>
        ) : (
          !status.error && <p className="text-sm text-neutral-500"><Spinner /> Checking Ollama…</p>
        )}
      </main>
    </div>
  );
}
