'use client';
// Every page inside one frame: the sidebar on the left, one header on top
// (the page's name and its own controls), the page below. Under 1024 px the
// sidebar is a drawer the header's button opens; wider, the button folds it.
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { HeaderSlot } from './HeaderSlot';
import { pageOf } from './pages';
import { Sidebar } from './Sidebar';

const FOLDED_KEY = 'ca.sidebar.folded';
const WIDE = '(min-width: 1024px)';

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { name } = pageOf(pathname);
  const [drawer, setDrawer] = useState(false);
  const [folded, setFolded] = useState(false);
  const [slot, setSlot] = useState<HTMLElement | null>(null);

  // A link followed from the drawer closes it.
  useEffect(() => setDrawer(false), [pathname]);
  useEffect(() => setFolded(localStorage.getItem(FOLDED_KEY) === '1'), []);
  // Esc closes an open drawer, and only that: captured first and marked handled, so a session's Esc-to-stop leaves the reply alone.
  useEffect(() => {
    if (!drawer) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      e.preventDefault();
      setDrawer(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [drawer]);

  const toggle = () => {
    if (window.matchMedia(WIDE).matches) {
      const next = !folded;
      setFolded(next);
      localStorage.setItem(FOLDED_KEY, next ? '1' : '0');
    } else setDrawer((d) => !d);
  };
  return (
    <div className="flex h-dvh overflow-hidden" data-testid="app-shell">
      {drawer && <div data-testid="sidebar-backdrop" className="fixed inset-0 z-30 bg-black/60 lg:hidden" onClick={() => setDrawer(false)} />}
      <Sidebar
        onClose={() => setDrawer(false)}
        className={`${drawer ? 'fixed inset-y-0 left-0 z-40 flex shadow-2xl' : 'hidden'} ${folded ? 'lg:hidden' : 'lg:static lg:z-auto lg:flex lg:shadow-none'}`}
      />
      <div className="flex min-w-0 flex-1 flex-col">
        <header data-testid="app-header" className="flex min-h-11 shrink-0 flex-wrap items-center gap-x-3 gap-y-1 border-b border-neutral-800 bg-neutral-950 px-3 py-1.5">
          <button
            type="button"
            data-testid="sidebar-toggle"
            className="btn-ghost px-1.5 text-base leading-none"
            aria-label="Show or hide the sidebar"
            title="Sidebar"
            onClick={toggle}
          >
            ☰
          </button>
          <span data-testid="page-name" className="text-sm font-semibold text-neutral-100">{name}</span>
          <div ref={setSlot} data-testid="page-actions" className="ml-auto flex min-w-0 flex-wrap items-center justify-end gap-3" />
        </header>
        <HeaderSlot.Provider value={slot}>
          {/* A div: the pages have their own <main>. */}
          <div data-testid="shell-main" className="min-h-0 flex-1 overflow-y-auto">
            {children}
          </div>
        </HeaderSlot.Provider>
      </div>
    </div>
  );
}
