// The final report, computed from the run's state only (so a resumed run's
// report counts the phases finished before the restart). Pure.
import { resultOf, writtenFiles, type PipelineState } from './state';
import { PHASE_INFO, PHASES, type PhaseSummary, type PipelineReport, type Verdict } from './types';

export function buildReport(s: PipelineState): PipelineReport {
  const classify = resultOf(s, 'classify');
  const crit = resultOf(s, 'criteria');
  const implement = resultOf(s, 'implement');
  const review = resultOf(s, 'review');
  const revise = resultOf(s, 'revise');
  const test = resultOf(s, 'test');
  const criteria = crit?.criteria ?? [];
  const files = writtenFiles(s);

  const phases: PhaseSummary[] = PHASES.map((phase) => {
    const rec = s.phases[phase];
    const planned = s.planned[phase];
    const base = { phase, persona: rec?.persona || planned?.persona || '', model: rec?.model || planned?.model || '', attempts: rec?.attempts ?? 0, stats: rec?.stats };
    if (rec?.result) return { ...base, state: phase === 'revise' && revise?.skipped ? 'skipped' : 'finished' };
    if (rec?.error) return { ...base, state: 'failed', error: rec.error };
    return { ...base, state: 'not run' };
  });

  const rounds = s.rounds.map((rs) => Object.fromEntries(rs.map((r) => [r.id, r.passed ? 'passed' : 'failed'] as const)));
  const last = s.rounds.at(-1) ?? [];
  const passedCount = last.filter((r) => r.passed).length;

  // Nothing reviews the code again after the revise pass: a finding counts as
  // open unless revise changed its file. Info findings never hold a run back.
  const findings = review?.findings ?? [];
  const revised = new Set(revise && !revise.skipped ? revise.files.map((f) => f.path) : []);
  const openFindings = findings.filter((f) => f.severity !== 'info' && !revised.has(f.file));
  const openErrors = openFindings.filter((f) => f.severity === 'error').length;

  let verdict: Verdict;
  let headline: string;
  if (classify && !classify.implementable) {
    verdict = 'not_implementable';
    headline = `Not implementable: ${classify.reason || 'the Architect gave no reason'}`;
  } else if (s.phases.implement?.error && !implement) {
    verdict = 'implement_failed';
    headline = `Implement failed: ${s.phases.implement.error}`;
  } else if (!test) {
    const failed = phases.find((p) => p.state === 'failed');
    verdict = 'stopped';
    headline = failed ? `Stopped in ${PHASE_INFO[failed.phase].label}: ${failed.error}` : 'The pipeline did not reach the test phase.';
  } else if (!criteria.length) {
    verdict = 'no_criteria';
    headline = 'No acceptance criteria with commands: nothing was verified.';
  } else if (passedCount === criteria.length) {
    verdict = 'passed';
    headline = `${passedCount} of ${criteria.length} acceptance criteria passed${s.rounds.length > 1 ? ` in round ${s.rounds.length}` : ' in the first round'}.`;
    if (openErrors) headline += ` ${openErrors} review error${openErrors === 1 ? ' is' : 's are'} still open.`;
  } else {
    verdict = 'failed';
    headline = `${passedCount} of ${criteria.length} acceptance criteria passed after ${s.rounds.length} round${s.rounds.length === 1 ? '' : 's'}.`;
  }

  const problems: string[] = [];
  for (const p of phases) if (p.state === 'failed' && p.error) problems.push(`${PHASE_INFO[p.phase].label} failed: ${p.error}`);
  if (classify?.fallback) problems.push('The classification was not readable JSON; the run went on as implementable.');
  if (crit?.fallbackText) problems.push(`The acceptance criteria were not readable JSON; ${criteria.length} were read from the Architect's text.`);
  if (review?.fallbackText) problems.push('The review findings were not readable JSON; the Reviewer\'s text was passed to the revise pass as is.');
  if (revise && !revise.skipped && !revise.files.length) problems.push('The revise pass changed no file.');
  for (const f of openFindings) problems.push(`Open ${f.severity} in ${f.file}${f.line ? `:${f.line}` : ''} (the revise pass did not change the file): ${f.finding}`);
  for (const w of s.warnings) if (['context_overflow', 'max_steps', 'loop', 'unload_unconfirmed'].includes(w.code)) problems.push(w.message);

  const sum = (f: (st: NonNullable<PhaseSummary['stats']>) => number) => phases.reduce((n, p) => n + (p.stats ? f(p.stats) : 0), 0);
  return {
    verdict,
    headline,
    built: test?.summary || implement?.summary || (verdict === 'not_implementable' ? '' : 'Nothing was built.'),
    language: classify?.language || undefined,
    stack: classify?.stack || undefined,
    files,
    criteria,
    rounds,
    findings,
    openFindings: openFindings.length,
    findingsText: review?.fallbackText,
    revise: revise ? { summary: revise.summary, files: revise.files.map((f) => f.path), skipped: revise.skipped } : null,
    phases,
    totals: {
      durationMs: sum((st) => st.durationMs),
      // All model calls of the run, failed attempts included: they cost time too.
      modelCalls: s.totals.calls,
      promptTokens: s.totals.promptTokens,
      completionTokens: s.totals.completionTokens,
      linesWritten: files.reduce((n, f) => n + f.lines, 0),
      modelLoads: s.totals.loads,
      loadMs: s.totals.loadMs,
    },
    problems,
  };
}
