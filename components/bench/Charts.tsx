'use client';
// Pass rate and time per task and runner as plain CSS bars: no chart library.
import { TASKS, fmtNum, type Row } from './rows';

interface Group { label: string; pass: number | null; time: number; n: number }

function groups(rows: Row[]): Group[] {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = `${TASKS[r.req] ?? r.req} · ${r.runner}${r.source === 'article' ? ' (article)' : ''}`;
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return [...m.entries()].map(([label, rs]) => {
    const judged = rs.filter((r) => r.accTotal);
    return {
      label,
      // Share of judged samples whose whole hidden suite passed.
      pass: judged.length ? judged.filter((r) => r.accPassed === r.accTotal).length / judged.length : null,
      time: rs.reduce((a, r) => a + r.timeS, 0) / rs.length,
      n: rs.length,
    };
  });
}

function Bar({ value, max, tone, text, testId }: { value: number; max: number; tone: string; text: string; testId?: string }) {
  return (
    <div className="flex items-center gap-2">
      <div className="h-2.5 flex-1 rounded bg-neutral-800">
        <div className={`h-2.5 rounded ${tone}`} style={{ width: `${max ? Math.max(1, (value / max) * 100) : 0}%` }} />
      </div>
      <span className="w-20 text-right text-[11px] text-neutral-400" data-testid={testId}>{text}</span>
    </div>
  );
}

export function Charts({ rows }: { rows: Row[] }) {
  const gs = groups(rows);
  const maxTime = Math.max(0, ...gs.map((g) => g.time));
  if (!gs.length) return null;
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="bench-charts">
      <div>
        <h3 className="mb-1 text-[11px] uppercase text-neutral-500">Pass rate (whole hidden suite)</h3>
        {gs.map((g) => (
          <div key={g.label} className="mb-1">
            <div className="text-[11px] text-neutral-300">{g.label}</div>
            {g.pass === null ? <div className="text-[11px] text-neutral-500">not judged</div> : <Bar value={g.pass} max={1} tone="bg-emerald-500" text={`${Math.round(g.pass * 100)}%`} testId="chart-pass" />}
          </div>
        ))}
      </div>
      <div>
        <h3 className="mb-1 text-[11px] uppercase text-neutral-500">Mean time (s)</h3>
        {gs.map((g) => (
          <div key={g.label} className="mb-1">
            <div className="text-[11px] text-neutral-300">{g.label}</div>
            <Bar value={g.time} max={maxTime} tone="bg-sky-500" text={fmtNum(g.time, 1)} />
          </div>
        ))}
      </div>
    </div>
  );
}
