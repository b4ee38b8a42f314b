import type { PipelineReport } from '@/lib/pipeline/types';
import { PHASE_INFO } from '@/lib/pipeline/types';
import { Markdown } from '../session/Markdown';
import { Badge } from '../ui';
import { FindingsList } from './FindingsList';
import { CriteriaMatrix } from './TestRounds';
import { fmtMs } from './types';

const VERDICT_TONE = { passed: 'green', failed: 'red', no_criteria: 'amber', not_implementable: 'amber', implement_failed: 'red', stopped: 'red' } as const;

/** The final report: what was built, criteria by round, findings and the revise pass, totals. */
export function ReportView({ report: r }: { report: PipelineReport }) {
  const t = r.totals;
  return (
    <div data-testid="pipeline-report" data-verdict={r.verdict} className="space-y-3 text-sm">
      <div className="flex items-center gap-2">
        <Badge tone={VERDICT_TONE[r.verdict]}>{r.verdict.replace('_', ' ')}</Badge>
        <span data-testid="report-headline" className="font-semibold text-neutral-100">{r.headline}</span>
      </div>
      {r.problems.length > 0 && (
        <ul data-testid="report-problems" className="list-disc space-y-0.5 pl-5 text-xs text-amber-300">
          {r.problems.map((p, i) => <li key={i}>{p}</li>)}
        </ul>
      )}
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-400">What was built</h3>
        {r.built ? <Markdown text={r.built} /> : <p className="text-xs text-neutral-500">Nothing.</p>}
        {(r.language || r.stack) && <p className="mt-1 text-[11px] text-neutral-500">{[r.language, r.stack].filter(Boolean).join(' · ')}</p>}
        {r.files.length > 0 && (
          <ul className="mt-1 flex flex-wrap gap-x-3 text-xs">
            {r.files.map((f) => <li key={f.path}><span className="font-mono text-neutral-200">{f.path}</span> <span className="text-neutral-500">{f.lines} lines</span></li>)}
          </ul>
        )}
      </section>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-400">Acceptance criteria × test rounds</h3>
        <CriteriaMatrix criteria={r.criteria} rounds={r.rounds} />
      </section>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-400">Review and revise</h3>
        <FindingsList findings={r.findings} text={r.findingsText} revised={r.revise ? (r.revise.skipped ? [] : r.revise.files) : []} />
        {r.revise && (
          <p className="mt-1 text-xs text-neutral-300">
            <span className="text-neutral-500">Revise pass: </span>
            {r.revise.skipped ? `skipped (${r.revise.skipped})` : `${r.revise.summary || 'no summary'} `}
            {!r.revise.skipped && <span className="font-mono text-neutral-500">[{r.revise.files.join(', ') || 'no file changed'}]</span>}
          </p>
        )}
      </section>
      <section>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-neutral-400">Totals</h3>
        <dl data-testid="report-totals" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs">
          <dt className="text-neutral-500">Working time</dt><dd>{fmtMs(t.durationMs)}</dd>
          <dt className="text-neutral-500">Model calls</dt><dd>{t.modelCalls}</dd>
          <dt className="text-neutral-500">Tokens</dt><dd>{t.promptTokens} prompt · {t.completionTokens} generated</dd>
          <dt className="text-neutral-500">Lines written</dt><dd>{t.linesWritten}</dd>
          <dt className="text-neutral-500">Model loads</dt><dd>{t.modelLoads} ({fmtMs(t.loadMs)})</dd>
        </dl>
        <table className="mt-2 w-full text-[11px] text-neutral-400">
          <tbody>
            {r.phases.map((p) => (
              <tr key={p.phase} className="border-t border-neutral-800">
                <td className="py-0.5 pr-2 text-neutral-300">{PHASE_INFO[p.phase].label}</td>
                <td className="pr-2 capitalize">{p.persona}</td>
                <td className="pr-2 font-mono">{p.model}</td>
                <td className="pr-2">{p.state}</td>
                <td className="pr-2 tabular-nums">{p.stats ? fmtMs(p.stats.durationMs) : ''}</td>
                <td className="tabular-nums">{p.stats ? `${p.stats.promptTokens} in · ${p.stats.completionTokens} out` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
