// What the terminal shows of a pipeline: one line per step worth knowing,
// then the report as plain text. Pure formatting of events.
import type { RunEvent } from '../lib/runs/events';
import { PHASE_INFO, type PipelineReport } from '../lib/pipeline/types';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A progress line for an event, or null for events the terminal skips. */
export function progressLine(e: RunEvent): string | null {
  switch (e.type) {
    case 'run_queued':
      return `queued: ${e.ahead} pipeline(s) ahead`;
    case 'run_resumed':
      return `resumed: ${e.reason}`;
    case 'pipeline_started':
      return `workspace ${e.workspace}${e.resumeAt !== 'classify' ? ` (continuing at ${PHASE_INFO[e.resumeAt].label})` : ''}`;
    case 'phase_started':
      return `\n[${PHASE_INFO[e.phase].label}] ${e.persona} on ${e.model}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`;
    case 'phase_finished': {
      const s = e.stats;
      const what = describeResult(e);
      return `  done in ${secs(s.durationMs)}: ${s.calls} model call(s), ${s.promptTokens} prompt + ${s.completionTokens} generated tokens${what ? `; ${what}` : ''}`;
    }
    case 'phase_failed':
      return `  FAILED: ${e.error}${e.willRetry ? ' (retrying)' : ''}`;
    case 'model_load':
      return `  loaded ${e.model} in ${secs(e.durationMs)}`;
    case 'model_unload':
      return `  unloaded ${e.model} in ${secs(e.durationMs)}`;
    case 'tool_call': {
      const a = e.args as { command?: string; path?: string; criterion?: string };
      if (e.tool === 'run_shell') return `  $ ${a.command ?? ''}${a.criterion ? `   # ${a.criterion}` : ''}`;
      return `  ${e.tool} ${a.path ?? ''}`;
    }
    case 'tool_result':
      return e.tool === 'run_shell' ? `    -> ${e.ok ? 'ok' : e.timedOut ? 'timed out' : `exit ${e.exitCode ?? '?'}`}` : e.ok ? null : `    -> ${e.content.split('\n')[0]}`;
    case 'test_round': {
      const failed = e.results.filter((r) => !r.passed);
      return `  round ${e.round}: ${e.results.length - failed.length}/${e.results.length} passed${failed.length ? ` (failed: ${failed.map((r) => `${r.id} ${r.reason}`).join('; ')})` : ''}`;
    }
    case 'warning':
      return `  warning (${e.code}): ${e.message}`;
    case 'run_failed':
      return `\nThe run failed: ${e.error}`;
    case 'run_cancelled':
      return `\nThe run was cancelled${e.reason ? `: ${e.reason}` : ''}.`;
    default:
      return null;
  }
}

function describeResult(e: Extract<RunEvent, { type: 'phase_finished' }>): string {
  const r = e.result;
  switch (r.phase) {
    case 'classify':
      return r.implementable ? `implementable (${[r.language, r.stack].filter(Boolean).join(', ') || 'language not given'})` : `not implementable: ${r.reason}`;
    case 'criteria':
      return `${r.criteria.length} criteria`;
    case 'implement':
    case 'revise':
      return r.phase === 'revise' && r.skipped ? `skipped (${r.skipped})` : `${r.files.length} file(s) written`;
    case 'review':
      return r.fallbackText ? 'findings as plain text' : `${r.findings.length} finding(s)`;
    case 'test':
      return `${r.passed.length} passed, ${r.failed.length} failed after ${r.rounds} round(s)`;
    default:
      return '';
  }
}

export function formatReport(r: PipelineReport): string {
  const out: string[] = ['', '=== Report ===', r.headline, ''];
  if (r.built) out.push(r.built, '');
  if (r.files.length) out.push('Files:', ...r.files.map((f) => `  ${f.path} (${f.lines} lines)`), '');
  if (r.criteria.length) {
    const head = ['criterion', ...r.rounds.map((_, i) => `round ${i + 1}`)];
    const rows = r.criteria.map((c) => [c.id, ...r.rounds.map((round) => round[c.id] ?? '-')]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd();
    out.push('Acceptance criteria:', line(head), ...rows.map(line), '');
    for (const c of r.criteria) out.push(`  ${c.id}: ${c.statement}  [${c.command}]`);
    out.push('');
  }
  if (r.findings.length) {
    out.push('Review findings:', ...r.findings.map((f) => `  [${f.severity}] ${f.file}${f.line ? `:${f.line}` : ''} ${f.finding}`), '');
  } else if (r.findingsText) out.push('Review (plain text):', r.findingsText, '');
  if (r.revise) out.push(`Revise: ${r.revise.skipped ? `skipped (${r.revise.skipped})` : `${r.revise.summary} [${r.revise.files.join(', ') || 'no file changed'}]`}`, '');
  if (r.problems.length) out.push('Problems:', ...r.problems.map((p) => `  - ${p}`), '');
  const t = r.totals;
  out.push(`Totals: ${secs(t.durationMs)} working time, ${t.modelCalls} model calls, ${t.promptTokens} prompt + ${t.completionTokens} generated tokens, ${t.linesWritten} lines written, ${t.modelLoads} model loads (${secs(t.loadMs)}).`);
  return out.join('\n');
}
