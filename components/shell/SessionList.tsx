'use client';
// The active workspace's sessions, newest first, with a search over titles
// and what was asked (GET /api/sessions?workspace=&q=).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type SessionSummary } from '../api';
import { ErrorText } from '../ui';
import { SessionRow } from './SessionRow';

export function SessionList({ workspaceId }: { workspaceId: string | null }) {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  // Ask once typing pauses, not on every key.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 200);
    return () => clearTimeout(t);
  }, [typed]);
  const list = useQuery({
    queryKey: ['sessions', 'sidebar', workspaceId, q],
    queryFn: () => api<{ sessions: SessionSummary[] }>(`/api/sessions?workspace=${encodeURIComponent(workspaceId!)}${q ? `&q=${encodeURIComponent(q)}` : ''}&limit=200`),
    enabled: !!workspaceId,
    placeholderData: keepPreviousData,
  });
  const rows = workspaceId ? list.data?.sessions ?? [] : [];

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="px-3 pb-1">
        <input
          type="search"
          data-testid="session-search"
          aria-label="Search sessions"
          placeholder="Search sessions"
          className="input w-full px-2 py-0.5 text-xs"
          value={typed}
          maxLength={200}
          disabled={!workspaceId}
          onChange={(e) => setTyped(e.target.value)}
        />
      </div>
      <ul data-testid="sidebar-sessions" data-query={q} data-loading={list.isFetching} className="min-h-0 flex-1 space-y-px overflow-y-auto px-2 pb-2">
        {rows.map((s) => (
          <SessionRow key={s.id} s={s} />
        ))}
      </ul>
      {list.error && <div className="px-3"><ErrorText>{list.error.message}</ErrorText></div>}
      {workspaceId && list.data && rows.length === 0 && (
        <p data-testid="sidebar-sessions-empty" className="px-3 pb-2 text-xs text-neutral-500">
          {q ? `No session here matches “${q}”.` : 'No sessions in this workspace yet.'}
        </p>
      )}
    </div>
  );
}
