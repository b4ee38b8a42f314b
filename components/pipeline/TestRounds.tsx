import type { Criterion, CriterionResult } from '@/lib/pipeline/types';
import { Badge } from '../ui';

/** Criteria by round: which passed and which failed in each test round, with why. */
export function CriteriaMatrix({ criteria, rounds }: { criteria: Criterion[]; rounds: (CriterionResult[] | Record<string, 'passed' | 'failed'>)[] }) {
  if (!criteria.length) return <p className="text-xs text-neutral-500">No acceptance criteria with commands.</p>;
  const cell = (r: CriterionResult[] | Record<string, 'passed' | 'failed'>, id: string) => {
    if (Array.isArray(r)) {
      const x = r.find((y) => y.id === id);
      return x ? { passed: x.passed, reason: x.reason } : null;
    }
    return r[id] ? { passed: r[id] === 'passed', reason: undefined } : null;
  };
  return (
    <table data-testid="criteria-matrix" className="w-full border-collapse text-xs">
      <thead>
        <tr className="text-left text-neutral-500">
          <th className="py-1 pr-2 font-medium">Criterion</th>
          {rounds.map((_, i) => <th key={i} className="px-1 py-1 text-center font-medium">Round {i + 1}</th>)}
        </tr>
      </thead>
      <tbody>
        {criteria.map((c) => (
          <tr key={c.id} className="border-t border-neutral-800 align-top">
            <td className="py-1 pr-2">
              <span className="font-mono font-semibold text-neutral-200">{c.id}</span> <span className="text-neutral-300">{c.statement}</span>
              <div className="break-all font-mono text-[11px] text-neutral-500">$ {c.command}</div>
            </td>
            {rounds.map((r, i) => {
              const v = cell(r, c.id);
              return (
                <td key={i} className="px-1 py-1 text-center" data-testid="matrix-cell" data-result={v ? (v.passed ? 'passed' : 'failed') : 'none'} title={v?.reason}>
                  {v ? <Badge tone={v.passed ? 'green' : 'red'}>{v.passed ? 'passed' : 'failed'}</Badge> : <span className="text-neutral-600">—</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
