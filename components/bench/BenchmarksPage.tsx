'use client';
// /benchmarks: our samples beside the article's published rows; sort, filter,
// compare two configurations, charts, drill-down, and start a new benchmark.
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api';
import { Card, ErrorText, TopNav } from '../ui';
import { ArticleDetail } from './ArticleDetail';
import { BenchTable } from './BenchTable';
import { FeedbackTable } from './FeedbackTable';
import { Charts } from './Charts';
import { Compare } from './Compare';
import { SampleDetail } from './SampleDetail';
import { StartForm } from './StartForm';
import { TASKS, buildRows, sortRows, type BenchList, type SortKey } from './rows';

export function BenchmarksPage() {
  const q = useQuery({
    queryKey: ['benchmarks'],
    queryFn: () => api<BenchList>('/api/benchmarks'),
    refetchInterval: (s) => (s.state.data?.active ? 1500 : false),
  });
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'req', dir: 1 });
  const [filter, setFilter] = useState({ req: '', runner: '', model: '' });
  const [selected, setSelected] = useState<string | null>(null);
  const all = useMemo(() => (q.data ? buildRows(q.data) : []), [q.data]);
  const rows = sortRows(all.filter((r) => (!filter.req || r.req === filter.req) && (!filter.runner || r.runner === filter.runner) && (!filter.model || r.model === filter.model)), sort.key, sort.dir);
  const sel = all.find((r) => r.key === selected);
  const options = (k: 'req' | 'runner' | 'model') => [...new Set(all.map((r) => r[k]))].sort();
  const select = (k: 'req' | 'runner' | 'model', label: string) => (
    <label className="flex items-center gap-1 text-xs text-neutral-400">{label}
      <select data-testid={`filter-${k}`} className="input text-xs" value={filter[k]} onChange={(e) => setFilter({ ...filter, [k]: e.target.value })}>
        <option value="">all</option>
        {options(k).map((o) => <option key={o} value={o}>{k === 'req' ? TASKS[o] ?? o : o}</option>)}
      </select>
    </label>
  );
  const notes = q.data?.results.flatMap((r) => r.notes.map((n) => `${r.id}: ${n}`)) ?? [];
  return (
    <div className="min-h-full">
      <TopNav />
      <main className="mx-auto max-w-7xl space-y-3 p-4">
        {q.error && <ErrorText>{q.error.message}</ErrorText>}
        <Card title="Benchmarks">
          <p className="mb-2 text-xs text-neutral-500">
            Each requirement, run by each runner in a fresh workspace and judged by a hidden acceptance suite. pass@1 uses every stored sample of a task, runner and model; cancelled samples are left out. Rows marked “the article's” are the published results, for comparison with your hardware.
          </p>
          {q.data && <StartForm requirements={q.data.requirements} runners={q.data.runners} active={q.data.active} onChange={() => void q.refetch()} />}
          {notes.length > 0 && <ul className="mt-2 list-disc pl-5 text-xs text-amber-300" data-testid="bench-notes">{notes.map((n) => <li key={n}>{n}</li>)}</ul>}
        </Card>
        <Card title="Results" actions={<div className="flex gap-2">{select('req', 'Task')}{select('runner', 'Runner')}{select('model', 'Model')}</div>}>
          <BenchTable rows={rows} sort={sort} onSort={(k) => setSort((s) => ({ key: k, dir: s.key === k ? (s.dir === 1 ? -1 : 1) : 1 }))} selected={selected} onSelect={(r) => setSelected(r.key)} />
        </Card>
        {sel?.sample && <Card title="Run"><SampleDetail row={sel} onClose={() => setSelected(null)} /></Card>}
        {sel?.source === 'article' && <Card title="The article's result"><ArticleDetail row={sel} mine={all} onClose={() => setSelected(null)} /></Card>}
        <Card title="Charts"><Charts rows={rows} /></Card>
        <Card title="Side by side"><Compare rows={all} /></Card>
        <Card title="Your feedback"><FeedbackTable aggregates={q.data?.aggregates ?? []} /></Card>
      </main>
    </div>
  );
}
