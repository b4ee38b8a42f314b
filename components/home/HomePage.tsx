'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { api, type Status } from '../api';
import { ConfigIssues } from '../ConfigIssues';
import { Card, ErrorText, Spinner, TopNav } from '../ui';
import { ModelsPanel } from './ModelsPanel';
import { OllamaPanel } from './OllamaPanel';
import { SalvageTable } from './SalvageTable';
import { SandboxPanel } from './SandboxPanel';
import { HostsPanel } from './HostsPanel';
import { SessionsPanel } from './SessionsPanel';
import { WorkspacePanel } from './WorkspacePanel';

/** The state of things: Ollama, models, folders, workspace and sessions. */
export function HomePage() {
  const status = useQuery({ queryKey: ['status'], queryFn: () => api<Status>('/api/status'), refetchInterval: 15_000 });
  const s = status.data;
  return (
    <div className="min-h-screen">
      <TopNav>
        <Link href="/pipelines" data-testid="nav-pipelines" className="text-xs text-neutral-400 hover:text-neutral-100">Pipelines</Link>
        <Link href="/benchmarks" data-testid="nav-benchmarks" className="text-xs text-neutral-400 hover:text-neutral-100">Benchmarks</Link>
        {status.isFetching && <Spinner />}
        <button type="button" className="btn" onClick={() => void status.refetch()}>
          Refresh
        </button>
      </TopNav>
      <main className="mx-auto grid max-w-7xl gap-3 p-4 lg:grid-cols-2">
        <div className="space-y-3">
          {status.error && <ErrorText>Could not load the status: {status.error.message}</ErrorText>}
          {s ? (
            <>
              <OllamaPanel ollama={s.ollama} />
              <ModelsPanel status={s} />
              {s.sandbox && <SandboxPanel sandbox={s.sandbox} />}
              <Card title="Data and configuration">
                <dl className="mb-2 grid grid-cols-[7rem_1fr] gap-y-1 text-xs">
                  <dt className="text-neutral-500">Data folder</dt>
                  <dd className="break-all font-mono" data-testid="data-dir">{s.dataDir}</dd>
                </dl>
                <ConfigIssues issues={s.configIssues} />
              </Card>
              <SalvageTable rows={s.salvages} />
            </>
          ) : (
            !status.error && <p className="text-sm text-neutral-500"><Spinner /> Checking Ollama…</p>
          )}
        </div>
        <div className="space-y-3">
          <WorkspacePanel />
          <SessionsPanel />
          <HostsPanel />
        </div>
      </main>
    </div>
  );
}
