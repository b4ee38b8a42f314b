// The name the header shows for a path: one list, so the header and the
// sidebar's highlighted link agree on where the user is.
export type Section = 'home' | 'session' | 'pipelines' | 'benchmarks' | 'index' | 'settings';

export function pageOf(pathname: string): { section: Section; name: string } {
  if (pathname.startsWith('/sessions/')) return { section: 'session', name: 'Session' };
  if (pathname === '/pipelines/new') return { section: 'pipelines', name: 'New pipeline' };
  if (pathname.startsWith('/pipelines/')) return { section: 'pipelines', name: 'Pipeline run' };
  if (pathname === '/pipelines') return { section: 'pipelines', name: 'Pipelines' };
  if (pathname.startsWith('/benchmarks')) return { section: 'benchmarks', name: 'Benchmarks' };
  if (/^\/workspaces\/[^/]+\/index/.test(pathname)) return { section: 'index', name: 'Index' };
  if (pathname.startsWith('/settings')) return { section: 'settings', name: 'Settings' };
  return { section: 'home', name: 'Home' };
}
