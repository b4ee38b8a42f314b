'use client';
// The seed's table shape plus acceptance and pass@k; click a header to sort.
import { Badge, Spinner } from '../ui';

const STATUS_TONE: Record<string, 'neutral' | 'blue' | 'red' | 'amber'> = { finished: 'neutral', running: 'blue', failed: 'red', cancelled: 'amber', interrupted: 'amber', skipped: 'amber' };
import { TASKS, fmtNum, fmtPass, type Row, type SortKey } from './rows';

const COLS: [SortKey, string][] = [
  ['req', 'Task'], ['runner', 'Runner'], ['model', 'Model'], ['timeS', 'Time (s)'], ['apiCalls', 'API calls'],
  ['linesWritten', 'Lines written'], ['testsPassed', 'Tests passed'], ['syntaxErrors', 'Syntax errors'], ['accPassed', 'Acceptance'], ['passAt1', 'pass@1'],
];

export function BenchTable({ rows, sort, onSort, selected, onSelect }: {
  rows: Row[]; sort: { key: SortKey; dir: 1 | -1 }; onSort: (k: SortKey) => void; selected: string | null; onSelect: (r: Row) => void;
}) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="bench-table" className="w-full text-left text-xs">
        <thead className="text-neutral-400">
          <tr>
            {COLS.map(([k, label]) => (
              <th key={k} className="px-2 py-1 font-medium">
                <button type="button" data-testid={`sort-${k}`} onClick={() => onSort(k)} className="hover:text-neutral-100">
                  {label}{sort.key === k ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                </button>
              </th>
            ))}
            <th className="px-2 py-1 font-medium">Status</th>
            <th className="px-2 py-1 font-medium">Source</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-800">
          {rows.map((r) => (
            <tr
              key={r.key}
              data-testid="bench-row"
              data-source={r.source}
              data-runner={r.runner}
              data-req={r.req}
              data-status={r.status}
              onClick={() => onSelect(r)}
              className={`cursor-pointer hover:bg-neutral-800/60 ${r.source === 'article' ? 'text-neutral-400' : ''} ${selected === r.key ? 'bg-sky-950/40' : ''}`}
            >
              <td className="px-2 py-1">{TASKS[r.req] ?? r.req}</td>
              <td className="px-2 py-1">{r.runner}</td>
              <td className="px-2 py-1 font-mono">{r.model}</td>
              <td className="px-2 py-1" data-testid="cell-time">{r.timeS === null ? (r.status === 'running' ? <span className="inline-flex items-center gap-1 text-sky-300"><Spinner /> running</span> : '—') : fmtNum(r.timeS, r.source === 'mine' ? 1 : 0)}</td>
              <td className="px-2 py-1" data-testid="cell-calls">{r.apiCalls}</td>
              <td className="px-2 py-1" data-testid="cell-lines">{fmtNum(r.linesWritten)}</td>
              <td className="px-2 py-1" data-testid="cell-tests">{r.testsPassed ?? '—'}</td>
              <td className="px-2 py-1" data-testid="cell-syntax">{r.syntaxErrors}</td>
              <td className="px-2 py-1" data-testid="cell-acceptance">
                {r.accTotal !== null ? (
                  <Badge tone={r.accPassed === r.accTotal ? 'green' : 'red'}>{r.accPassed}/{r.accTotal}</Badge>
                ) : r.sample?.missingDeps ? 'not judged' : '—'}
              </td>
              <td className="px-2 py-1" data-testid="cell-passk">{fmtPass(r.passAt1, r.passN)}</td>
              <td className="px-2 py-1" data-testid="cell-status">
                {r.source === 'article' ? <span className="text-neutral-500">published</span> : <Badge tone={STATUS_TONE[r.status] ?? 'amber'}>{r.status}</Badge>}
              </td>
              <td className="px-2 py-1">
                {r.source === 'article' ? <Badge tone="violet" testId="article-label">the article's</Badge> : <span className="text-neutral-500">this machine</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
