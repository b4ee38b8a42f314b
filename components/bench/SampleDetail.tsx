'use client';
// Drill-down to one sample: its files, the hidden suite's output, its own
// tests, tool calls; the pipeline's phases and events are on its run page.
import Link from 'next/link';
import { Badge } from '../ui';
import { TASKS, fmtNum, type Row } from './rows';

export function SampleDetail({ row, onClose }: { row: Row; onClose: () => void }) {
  const s = row.sample!;
  const tc = s.toolCalls;
  const list = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
  return (
    <div data-testid="sample-detail" className="space-y-2 text-xs">
      <div className="flex items-center gap-2">
        <strong className="text-sm">{TASKS[s.req] ?? s.req} · {s.runner} #{s.sample}</strong>
        {s.status !== 'running' && <Badge tone={s.passed ? 'green' : 'red'}>{s.passed ? 'passed' : 'not passed'}</Badge>}
        <Badge>{row.status}</Badge>
        <button type="button" className="btn ml-auto" onClick={onClose}>Close</button>
      </div>
      {s.error && <p className="text-red-400">{s.error}</p>}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 md:grid-cols-4">
        <dt className="text-neutral-500">Model</dt><dd className="font-mono">{s.model}</dd>
        <dt className="text-neutral-500">Wall time</dt><dd>{s.status === 'running' ? 'running' : `${fmtNum(s.wallMs / 1000, 1)} s`}</dd>
        <dt className="text-neutral-500">Model calls</dt><dd>{s.modelCalls}</dd>
        <dt className="text-neutral-500">Tokens (prompt / completion)</dt><dd>{s.promptTokens} / {s.completionTokens}</dd>
        <dt className="text-neutral-500">Model load time</dt><dd>{fmtNum(s.loadMs / 1000, 1)} s</dd>
        <dt className="text-neutral-500">Cost</dt><dd data-testid="detail-cost">{s.costUsd === null ? '—' : `$${s.costUsd.toFixed(4)}`}</dd>
        <dt className="text-neutral-500">Tool calls</dt><dd>native: {list(tc.native)}; salvaged: {list(tc.salvaged)}; malformed: {tc.malformed}</dd>
        <dt className="text-neutral-500">Timeouts</dt><dd>{s.timeouts}</dd>
        <dt className="text-neutral-500">Workspace</dt><dd className="col-span-3 font-mono">{s.workspace}</dd>
      </dl>
      {s.calls && s.calls.length > 0 && (
        <table data-testid="detail-hosts" className="text-[11px]">
          <thead className="text-neutral-500"><tr><th className="pr-3 text-left">Provider</th><th className="pr-3 text-left">Host</th><th className="pr-3">Calls</th><th className="pr-3">Tokens in / out</th><th className="pr-3">Model time</th><th>Cut off</th></tr></thead>
          <tbody>
            {s.calls.map((c) => (
              <tr key={`${c.provider}/${c.host}`}>
                <td className="pr-3">{c.provider}</td>
                <td className="pr-3 font-mono">{c.host}</td>
                <td className="pr-3 text-right">{c.calls}</td>
                <td className="pr-3 text-right">{c.promptTokens} / {c.completionTokens}</td>
                <td className="pr-3 text-right">{fmtNum(c.durationMs / 1000, 1)} s</td>
                <td className="text-right">{c.partial}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.runId && <Link className="text-sky-400 hover:underline" href={`/pipelines/${s.runId}`} data-testid="detail-run-link">Phases and events of this pipeline run →</Link>}
      <div>
        <h4 className="text-neutral-400">Files ({s.filesWritten}, {s.linesWritten} lines)</h4>
        <ul data-testid="detail-files" className="font-mono">
          {s.files.map((f) => <li key={f.path}>{f.path} — {f.lines} lines{f.syntaxErrors ? <span className="text-red-400"> · {f.syntaxErrors} syntax error node(s)</span> : ''}</li>)}
        </ul>
      </div>
      {s.missingDeps && <p className="text-amber-300">Not judged: Python modules missing on this machine: {s.missingDeps.join(', ')}.</p>}
      {s.acceptance && (
        <div>
          <h4 className="text-neutral-400">Hidden acceptance suite: {s.acceptance.passed}/{s.acceptance.total} passed{s.acceptance.timedOut ? ' (killed at the timeout)' : ''}</h4>
          {s.acceptance.importError && <p className="text-red-400" data-testid="detail-import-error">Could not import the generated code: {s.acceptance.importError}</p>}
          <pre data-testid="detail-acceptance" className="max-h-64 overflow-auto rounded bg-neutral-950 p-2 text-[11px]">{s.acceptance.output}</pre>
        </div>
      )}
      {s.ownTests && (
        <div>
          <h4 className="text-neutral-400">Its own tests: {s.ownTests.passed} passed, {s.ownTests.failed} failed{s.ownTests.timedOut ? ' (killed at the timeout)' : ''}</h4>
          <pre className="max-h-40 overflow-auto rounded bg-neutral-950 p-2 text-[11px]">{s.ownTests.output}</pre>
        </div>
      )}
      {s.steps && (
        <div>
          <h4 className="text-neutral-400">Steps</h4>
          <ol className="list-decimal pl-5">{s.steps.map((st, i) => <li key={i}><span className={st.ok ? '' : 'text-red-400'}>{st.tool}</span>: <span className="text-neutral-500">{st.summary}</span></li>)}</ol>
        </div>
      )}
    </div>
  );
}
