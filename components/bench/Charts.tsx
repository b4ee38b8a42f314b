'use client';
// Pass rate and time per task and runner as plain CSS bars: no chart library.
import { TASKS, fmtNum, type Row } from './rows';

interface Group { label: string; pass: number | null; time: number | null; n: number }

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
      // Samples still running have no time yet.
      time: mean(rs.map((r) => r.timeS)),
      n: rs.length,
    };
  });
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

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
  const judged = gs.filter((g) => g.pass !== null);
  const timed = gs.filter((g): g is Group & { time: number } => g.time !== null);
  const maxTime = Math.max(0, ...timed.map((g) => g.time));
  if (!gs.length) return null;
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="bench-charts">
      <div>
        <h3 className="mb-1 text-[11px] uppercase text-neutral-500">Pass rate (whole hidden suite)</h3>
        {judged.map((g) => (
          <div key={g.label} className="mb-1">
            <div className="text-[11px] text-neutral-300">{g.label}</div>
            <Bar value={g.pass!} max={1} tone="bg-emerald-500" text={`${Math.round(g.pass! * 100)}%`} testId="chart-pass" />
          </div>
        ))}
        {/* The article published no hidden-suite results: one line, not a row per group. */}
        {judged.length < gs.length && (
          <p data-testid="chart-not-judged" className="text-[11px] text-neutral-500">
            {judged.length ? `${gs.length - judged.length} more not judged by the hidden suite.` : 'Nothing judged by the hidden suite yet.'}
          </p>
        )}
      </div>
      <div>
        <h3 className="mb-1 text-[11px] uppercase text-neutral-500">Mean time (s)</h3>
        {timed.map((g) => (
          <div key={g.label} className="mb-1">
            <div className="text-[11px] text-neutral-300">{g.label}</div>
            <Bar value={g.time} max={maxTime} tone="bg-sky-500" text={fmtNum(g.time, 1)} />
          </div>
        ))}
      </div>
    </div>
  );
}
