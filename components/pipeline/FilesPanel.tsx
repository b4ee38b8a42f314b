import type { FileDiff } from '@/lib/pipeline/view';
import { PHASE_INFO } from '@/lib/pipeline/types';
import { DiffView } from '../session/DiffView';

/** Files written so far, each with the diffs of every write and edit, by phase. */
export function FilesPanel({ diffs, lines }: { diffs: FileDiff[]; lines: Record<string, number | null> }) {
  const paths = [...new Set(diffs.map((d) => d.path))];
  if (!paths.length) return <p className="text-xs text-neutral-500">No files written yet.</p>;
  return (
    <ul className="space-y-1.5">
      {paths.map((p) => (
        <li key={p} data-testid="written-file" data-path={p}>
          <details>
            <summary className="cursor-pointer select-none text-xs">
              <span className="font-mono text-neutral-200">{p}</span>{' '}
              <span className="text-neutral-500">{lines[p] === null ? 'deleted' : `${lines[p] ?? '?'} lines`} · {diffs.filter((d) => d.path === p).length} change(s)</span>
            </summary>
            <div className="mt-1 space-y-1">
              {diffs.filter((d) => d.path === p).map((d, i) => (
                <div key={i}>
                  <div className="text-[11px] text-neutral-500">{d.phase ? PHASE_INFO[d.phase].label : 'run'}</div>
                  <DiffView diff={d.diff} />
                </div>
              ))}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
