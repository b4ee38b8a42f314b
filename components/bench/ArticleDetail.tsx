'use client';
// One of the article's published rows, opened from the table: what it
// measured, and how to set this machine's figures beside it.
import { Badge } from '../ui';
import { TASKS, fmtNum, type Row } from './rows';

export function ArticleDetail({ row, mine, onClose }: { row: Row; mine: Row[]; onClose: () => void }) {
  const ours = mine.filter((r) => r.source === 'mine' && r.req === row.req && r.runner === row.runner && r.timeS !== null);
  return (
    <div data-testid="article-detail" className="space-y-2 text-xs">
      <div className="flex items-center gap-2">
        <strong className="text-sm">{TASKS[row.req] ?? row.req} · {row.runner}</strong>
        <Badge tone="violet">the article's</Badge>
        <button type="button" className="btn ml-auto" onClick={onClose}>Close</button>
      </div>
      <p className="text-neutral-400">
        Published in the article the project grew from, on its author's hardware; it was not run here and has no hidden-suite result.
        {ours.length
          ? ` This machine has ${ours.length} sample${ours.length === 1 ? '' : 's'} of the same task and runner: compare them under Side by side.`
          : ' Start a benchmark of this task and runner above to set this machine\'s figures beside it.'}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 md:grid-cols-4">
        <dt className="text-neutral-500">Model</dt><dd className="font-mono">{row.model}</dd>
        <dt className="text-neutral-500">Time</dt><dd>{fmtNum(row.timeS ?? 0)} s</dd>
        <dt className="text-neutral-500">API calls</dt><dd>{row.apiCalls}</dd>
        <dt className="text-neutral-500">Lines written</dt><dd>{fmtNum(row.linesWritten)}</dd>
        <dt className="text-neutral-500">Tests passed</dt><dd>{row.testsPassed ?? '—'}</dd>
        <dt className="text-neutral-500">Syntax errors</dt><dd>{row.syntaxErrors}</dd>
      </dl>
    </div>
  );
}
