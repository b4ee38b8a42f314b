'use client';
// The left sidebar on every page: the workspace and its switcher, New
// session, that workspace's sessions, and the links to the other pages.
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { post } from '../api';
import { ErrorText } from '../ui';
import { pageOf, type Section } from './pages';
import { SessionList } from './SessionList';
import { useWorkspaces } from './useWorkspaces';
import { WorkspaceSwitcher } from './WorkspaceSwitcher';

export function Sidebar({ className, onClose }: { className: string; onClose: () => void }) {
  const router = useRouter();
  const pathname = usePathname();
  const { section } = pageOf(pathname);
  const { active } = useWorkspaces();
  const create = useMutation({
    mutationFn: (workspaceId: string) => post<{ session: { id: string } }>('/api/sessions', { workspaceId }),
    onSuccess: ({ session }) => router.push(`/sessions/${session.id}`),
  });
  const links: { section: Section; href: string; label: string; testId: string; title?: string }[] = [
    { section: 'home', href: '/', label: 'Home', testId: 'nav-home' },
    { section: 'pipelines', href: '/pipelines', label: 'Pipelines', testId: 'nav-pipelines' },
    { section: 'benchmarks', href: '/benchmarks', label: 'Benchmarks', testId: 'nav-benchmarks' },
    ...(active ? [{ section: 'index' as const, href: `/workspaces/${active.id}/index`, label: 'Index', testId: 'nav-index', title: `Symbol index and search of ${active.path}` }] : []),
    { section: 'settings', href: '/settings', label: 'Settings', testId: 'nav-settings' },
  ];

  return (
    <aside data-testid="sidebar" aria-label="Sidebar" className={`w-64 shrink-0 flex-col border-r border-neutral-800 bg-neutral-950 ${className}`}>
      <div className="flex h-11 shrink-0 items-center gap-2 border-b border-neutral-800 px-3">
        <Link href="/" className="flex-1 text-sm font-semibold text-neutral-100">code-assistant</Link>
        <button type="button" data-testid="sidebar-close" className="btn-ghost lg:hidden" aria-label="Close the sidebar" onClick={onClose}>✕</button>
      </div>
      <WorkspaceSwitcher />
      <div className="px-3 py-2">
        <button
          type="button"
          data-testid="sidebar-new-session"
          className="btn-primary w-full justify-center"
          disabled={!active || create.isPending}
          title={active ? `A new session in ${active.path}` : 'Open a project folder first'}
          onClick={() => active && create.mutate(active.id)}
        >
          + New session
        </button>
        {create.error && <ErrorText testId="sidebar-new-session-error">{create.error.message}</ErrorText>}
      </div>
      <SessionList workspaceId={active?.id ?? null} />
      <nav aria-label="Pages" className="shrink-0 border-t border-neutral-800 px-2 py-2">
        <ul className="space-y-px">
          {links.map((l) => {
            // Index is highlighted only for the active workspace's own index page.
            const here = l.section === section && (l.section !== 'index' || pathname === l.href);
            return (
              <li key={l.testId}>
                <Link
                  href={l.href}
                  data-testid={l.testId}
                  title={l.title}
                  aria-current={here ? 'page' : undefined}
                  className={`block rounded px-2 py-1 text-[13px] ${here ? 'bg-neutral-800 text-neutral-50' : 'text-neutral-400 hover:bg-neutral-900 hover:text-neutral-100'}`}
                >
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}
