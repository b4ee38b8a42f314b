'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { api, post, timeAgo, type SessionSummary } from '../api';
import { Card, ErrorText } from '../ui';

/** "New session" in the active workspace, and every session to resume, newest first. */
export function SessionsPanel() {
  const router = useRouter();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api<{ sessions: SessionSummary[] }>('/api/sessions') });
  const workspaces = useQuery({ queryKey: ['workspaces'], queryFn: () => api<{ active: string | null }>('/api/workspaces') });
  const create = useMutation({
    mutationFn: () => post<{ session: { id: string } }>('/api/sessions', { workspaceId: workspaces.data?.active ?? undefined }),
    onSuccess: ({ session }) => router.push(`/sessions/${session.id}`),
  });
  // "Pick a workspace folder first." is answered once a workspace is opened: drop it then.
  const active = workspaces.data?.active ?? null;
  const { reset } = create;
  useEffect(() => reset(), [active, reset]);

  return (
    <Card
      title="Sessions"
      actions={
        <button type="button" data-testid="new-session" className="btn-primary" disabled={create.isPending} onClick={() => create.mutate()}>
          New session
        </button>
      }
    >
      {create.error && <ErrorText testId="new-session-error">{create.error.message}</ErrorText>}
      {sessions.error && <ErrorText>{sessions.error.message}</ErrorText>}
      <ul data-testid="session-list" className="divide-y divide-neutral-800">
        {sessions.data?.sessions.map((s) => (
          <li key={s.id}>
            <Link data-testid="session-item" href={`/sessions/${s.id}`} className="block rounded px-1 py-1.5 hover:bg-neutral-800/60">
              <div className="flex items-baseline gap-2">
                <span className="flex-1 truncate text-sm text-neutral-100">{s.title}</span>
                <span className="shrink-0 text-[11px] text-neutral-500">{timeAgo(s.updatedAt)}</span>
              </div>
              <div className="truncate font-mono text-[11px] text-neutral-500">{s.workspacePath}</div>
            </Link>
          </li>
        ))}
      </ul>
      {sessions.data && sessions.data.sessions.length === 0 && <p className="text-xs text-neutral-500">No sessions yet.</p>}
    </Card>
  );
}
