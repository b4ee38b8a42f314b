'use client';
// The recent workspaces and the active one, and the user's choice of another:
// the one thing that changes the active workspace (POST /api/workspaces).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, post, type Workspace } from '../api';

export interface Workspaces { workspaces: Workspace[]; active: string | null }

export function useWorkspaces() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['workspaces'], queryFn: () => api<Workspaces>('/api/workspaces') });
  const open = useMutation({
    mutationFn: (path: string) => post<{ workspace: Workspace }>('/api/workspaces', { path }),
    onSuccess: () => {
      // The active workspace decides which project config applies, and which sessions the sidebar lists.
      for (const key of ['workspaces', 'status', 'settings', 'sessions']) void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  const active = list.data?.workspaces.find((w) => w.id === list.data?.active) ?? null;
  return { list, open, active };
}

/** The folder's own name, for a narrow sidebar; the full path goes in the title. */
export function folderName(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return parts.at(-1) ?? p;
}
