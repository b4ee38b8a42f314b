'use client';
// The active workspace, and the recent ones to switch to. Switching is the
// user opening that folder again (the same request as the home page's Open).
import Link from 'next/link';
import { useState } from 'react';
import { ErrorText } from '../ui';
import { folderName, useWorkspaces } from './useWorkspaces';

export function WorkspaceSwitcher() {
  const { list, open, active } = useWorkspaces();
  const [expanded, setExpanded] = useState(false);
  const others = list.data?.workspaces.filter((w) => w.id !== active?.id) ?? [];

  return (
    <div className="border-b border-neutral-800 px-3 py-2">
      <div className="mb-1 text-[10px] font-semibold uppercase tracking-wide text-neutral-500">Workspace</div>
      <button
        type="button"
        data-testid="workspace-switcher"
        aria-expanded={expanded}
        aria-controls="workspace-menu"
        className="flex w-full items-center gap-2 rounded border border-neutral-800 bg-neutral-900 px-2 py-1 text-left hover:border-neutral-700"
        onClick={() => setExpanded((v) => !v)}
        title={active ? `${active.path}: switch to another workspace` : 'Open a project folder'}
      >
        <span className="min-w-0 flex-1">
          <span data-testid="sidebar-workspace" data-path={active?.path ?? ''} className="block truncate text-sm text-neutral-100">
            {active ? folderName(active.path) : 'No workspace'}
          </span>
          <span className="block truncate font-mono text-[10px] text-neutral-500">{active ? active.path : 'open a project folder'}</span>
        </span>
        <span aria-hidden className="text-neutral-500">{expanded ? '▴' : '▾'}</span>
      </button>
      {expanded && (
        <div id="workspace-menu" data-testid="workspace-menu" className="mt-1 rounded border border-neutral-800 bg-neutral-900 py-1">
          {others.length > 0 && <div className="px-2 pb-1 text-[10px] uppercase tracking-wide text-neutral-500">Recent</div>}
          <ul className="max-h-48 overflow-y-auto">
            {others.map((w) => (
              <li key={w.id}>
                <button
                  type="button"
                  data-testid="workspace-option"
                  data-path={w.path}
                  disabled={open.isPending}
                  className="block w-full px-2 py-1 text-left hover:bg-neutral-800 disabled:opacity-50"
                  title={w.path}
                  onClick={() => open.mutate(w.path, { onSuccess: () => setExpanded(false) })}
                >
                  <span className="block truncate text-xs text-neutral-200">{folderName(w.path)}</span>
                  <span className="block truncate font-mono text-[10px] text-neutral-500">{w.path}</span>
                </button>
              </li>
            ))}
          </ul>
          <Link href="/" data-testid="workspace-open-other" className="block px-2 py-1 text-xs text-sky-400 hover:bg-neutral-800" onClick={() => setExpanded(false)}>
            Open another folder…
          </Link>
        </div>
      )}
      {open.error && <ErrorText testId="workspace-switch-error">{open.error.message}</ErrorText>}
    </div>
  );
}
