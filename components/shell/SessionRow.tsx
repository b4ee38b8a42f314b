'use client';
// One session in the sidebar: open it, rename it in place, or delete it
// after saying what goes (its conversation and runs) and what stays (files).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState } from 'react';
import { api, timeAgo, type SessionSummary } from '../api';
import { ErrorText } from '../ui';

type Mode = 'view' | 'rename' | 'confirm';

export function SessionRow({ s }: { s: SessionSummary }) {
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const current = pathname === `/sessions/${s.id}`;
  const [mode, setMode] = useState<Mode>('view');
  const [name, setName] = useState(s.title);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['sessions'] });
    void qc.invalidateQueries({ queryKey: ['session', s.id] });
  };
  const rename = useMutation({
    mutationFn: (title: string) => api<{ title: string }>(`/api/sessions/${s.id}`, { method: 'PATCH', body: { title } }),
    onSuccess: () => {
      setMode('view');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`/api/sessions/${s.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      qc.removeQueries({ queryKey: ['session', s.id] });
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      if (current) router.push('/');
    },
  });

  if (mode === 'rename') {
    return (
      <li data-testid="sidebar-session" data-id={s.id} className="px-1 py-1">
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate(name);
          }}
        >
          <input
            data-testid="session-rename-input"
            aria-label="Session name"
            className="input min-w-0 flex-1 px-1.5 py-0.5 text-xs"
            value={name}
            maxLength={200}
            autoFocus
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              e.preventDefault(); // this field's Esc: not the session's Stop
              setMode('view');
            }}
          />
          <button type="submit" data-testid="session-rename-save" className="btn px-1.5 py-0.5" disabled={rename.isPending}>Save</button>
          <button type="button" className="btn-ghost" onClick={() => setMode('view')}>Cancel</button>
        </form>
        {rename.error && <ErrorText testId="session-rename-error">{rename.error.message}</ErrorText>}
      </li>
    );
  }

  return (
    <li data-testid="sidebar-session" data-id={s.id} data-current={current} className="group">
      <div className={`flex items-center gap-1 rounded px-1.5 py-1 ${current ? 'bg-neutral-800 text-neutral-50' : 'text-neutral-300 hover:bg-neutral-900'}`}>
        <Link
          href={`/sessions/${s.id}`}
          data-testid="sidebar-session-link"
          aria-current={current ? 'page' : undefined}
          className="min-w-0 flex-1 truncate text-[13px]"
          title={s.title}
        >
          {s.title}
        </Link>
        <span className="shrink-0 text-[10px] text-neutral-600 group-hover:hidden">{timeAgo(s.updatedAt)}</span>
        <span className={`hidden shrink-0 items-center group-hover:flex group-focus-within:flex [@media(hover:none)]:flex ${current ? '!flex' : ''}`}>
          <button
            type="button"
            data-testid="session-rename"
            aria-label={`Rename ${s.title}`}
            title="Rename"
            className="btn-ghost px-1"
            onClick={() => {
              setName(s.title);
              rename.reset();
              setMode('rename');
            }}
          >
            ✎
          </button>
          <button type="button" data-testid="session-delete" aria-label={`Delete ${s.title}`} title="Delete" className="btn-ghost px-1 hover:text-red-300" onClick={() => setMode('confirm')}>
            ✕
          </button>
        </span>
      </div>
      {mode === 'confirm' && (
        <div data-testid="session-delete-confirm" role="alertdialog" aria-label="Delete this session?" className="mx-1 mb-1 rounded border border-red-900 bg-red-950/40 p-2 text-xs">
          <p className="mb-2 text-neutral-200">
            Delete <strong className="break-words">{s.title}</strong>? Its conversation, runs and tool output are removed. Files in the workspace stay as they are.
          </p>
          <div className="flex gap-2">
            <button type="button" data-testid="session-delete-yes" className="btn-danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Delete
            </button>
            <button type="button" data-testid="session-delete-cancel" className="btn" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
          {remove.error && <ErrorText testId="session-delete-error">{remove.error.message}</ErrorText>}
        </div>
      )}
    </li>
  );
}
