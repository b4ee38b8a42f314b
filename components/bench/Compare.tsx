'use client';
// Two configurations (runner · model, ours or the article's) side by side per
// task, the better figure of each pair highlighted where "better" means
// something (more lines written is not better: it is shown, not coloured).
import { useState } from 'react';
import { TASKS, fmtNum, type Row } from './rows';

const config = (r: Row) => `${r.runner} · ${r.model}${r.source === 'article' ? ' (article)' : ''}`;

interface Fig { label: string; get: (rs: Row[]) => number | null; better: 'low' | 'high' | null; digits?: number }

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

const FIGS: Fig[] = [
  { label: 'Time (s)', get: (rs) => mean(rs.map((r) => r.timeS)), better: 'low', digits: 1 },
  { label: 'API calls', get: (rs) => mean(rs.map((r) => r.apiCalls)), better: 'low', digits: 1 },
  { label: 'Lines written', get: (rs) => mean(rs.map((r) => r.linesWritten)), better: null },
  { label: 'Tests passed', get: (rs) => mean(rs.map((r) => r.testsPassed)), better: 'high', digits: 1 },
  { label: 'Syntax errors', get: (rs) => mean(rs.map((r) => r.syntaxErrors)), better: 'low', digits: 1 },
  { label: 'Acceptance passed', get: (rs) => mean(rs.map((r) => r.accPassed)), better: 'high', digits: 1 },
];

export function Compare({ rows }: { rows: Row[] }) {
  const configs = [...new Set(rows.map(config))];
  const [a, setA] = useState<string>('');
  const [b, setB] = useState<string>('');
  const left = a || configs[0] || '';
  const right = b || configs[1] || configs[0] || '';
  const tasks = [...new Set(rows.map((r) => r.req))].sort();
  const pick = (value: string, set: (v: string) => void, testId: string) => (
    <select data-testid={testId} value={value} onChange={(e) => set(e.target.value)} className="input text-xs">
      {configs.map((c) => <option key={c} value={c}>{c}</option>)}
    </select>
  );
  return (
    <div data-testid="bench-compare">
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">{pick(left, setA, 'compare-a')}<span className="text-neutral-500">vs</span>{pick(right, setB, 'compare-b')}</div>
      <table className="w-full text-left text-xs">
        <thead className="text-neutral-400"><tr><th className="px-2">Task</th><th className="px-2">Figure</th><th className="px-2">{left}</th><th className="px-2">{right}</th><th className="px-2">Difference</th></tr></thead>
        <tbody>
          {tasks.flatMap((t) => {
            const ra = rows.filter((r) => r.req === t && config(r) === left);
            const rb = rows.filter((r) => r.req === t && config(r) === right);
            if (!ra.length && !rb.length) return [];
            return FIGS.map((f, i) => {
              const x = ra.length ? f.get(ra) : null;
              const y = rb.length ? f.get(rb) : null;
              const d = x !== null && y !== null ? y - x : null;
              const win = (v: number | null, o: number | null) => f.better !== null && v !== null && o !== null && v !== o && (f.better === 'low' ? v < o : v > o);
              const cell = (v: number | null, o: number | null) => <td className={`px-2 ${win(v, o) ? 'font-semibold text-emerald-300' : ''}`}>{v === null ? '—' : fmtNum(v, f.digits ?? 0)}</td>;
              return (
                <tr key={`${t}-${f.label}`} className={i === 0 ? 'border-t border-neutral-800' : ''} data-testid="compare-row">
                  <td className="px-2 text-neutral-300">{i === 0 ? TASKS[t] ?? t : ''}</td>
                  <td className="px-2 text-neutral-400">{f.label}</td>
                  {cell(x, y)}
                  {cell(y, x)}
                  <td className={`px-2 ${d ? 'text-amber-300' : 'text-neutral-500'}`}>{d === null ? '—' : `${d > 0 ? '+' : ''}${fmtNum(d, f.digits ?? 0)}`}</td>
                </tr>
              );
            });
          })}
        </tbody>
      </table>
    </div>
  );
}
