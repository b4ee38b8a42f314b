'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { api, post, timeAgo, type Workspace } from '../api';
import { Card, ErrorText } from '../ui';

interface Workspaces { workspaces: Workspace[]; active: string | null }

/** Pick the folder the assistant works in: type a path, or reopen a known one. */
export function WorkspacePanel() {
  const qc = useQueryClient();
  const [path, setPath] = useState('');
  const list = useQuery({ queryKey: ['workspaces'], queryFn: () => api<Workspaces>('/api/workspaces') });
  const open = useMutation({
    mutationFn: (p: string) => post<{ workspace: Workspace }>('/api/workspaces', { path: p }),
    onSuccess: () => {
      setPath('');
      // The active workspace decides which project config applies.
      for (const key of ['workspaces', 'status', 'settings']) void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  const active = list.data?.workspaces.find((w) => w.id === list.data?.active);

  return (
    <Card title="Workspace">
      <p className="mb-2 text-sm">
        <span className="text-neutral-500">Active: </span>
        <span data-testid="active-workspace" className="break-all font-mono">
          {active ? active.path : 'none — open a project folder'}
        </span>
      </p>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          open.mutate(path);
        }}
      >
        <input
          data-testid="workspace-input"
          className="input flex-1 font-mono"
          placeholder="/home/me/projects/app"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="Workspace folder path"
        />
        <button data-testid="workspace-open" type="submit" className="btn-primary" disabled={open.isPending}>
          Open
        </button>
      </form>
      {open.error && <ErrorText testId="workspace-error">{open.error.message}</ErrorText>}
      {list.error && <ErrorText>{list.error.message}</ErrorText>}
      {!!list.data?.workspaces.length && (
        <ul className="mt-2 divide-y divide-neutral-800 text-xs">
          {list.data.workspaces.map((w) => (
            <li key={w.id} className="flex items-center gap-2 py-1">
              <span className="flex-1 truncate font-mono" title={w.path}>{w.path}</span>
              {w.lastUsedAt && <span className="text-neutral-500">{timeAgo(w.lastUsedAt)}</span>}
              <Link href={`/workspaces/${w.id}/index`} data-testid="workspace-index-link" className="btn-ghost" title="Symbol index and search">Index</Link>
              {w.id === list.data.active ? (
                <span className="w-12 text-center text-emerald-400">active</span>
              ) : (
                <button type="button" className="btn-ghost w-12" onClick={() => open.mutate(w.path)}>
                  Open
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
