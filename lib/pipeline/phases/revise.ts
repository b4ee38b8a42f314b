// Phase 6, Implementer: one pass over the Reviewer's findings. No findings,
// no model call.
import { loadPersona } from '../../agents/personas';
import { agent, criteriaList, type PhaseEnv } from '../env';
import { resultOf } from '../state';
import type { Finding, ResultOf } from '../types';

export function findingsList(findings: Finding[]): string {
  return findings
    .map((f) => `- [${f.severity}] ${f.file}${f.line ? `:${f.line}` : ''}: ${f.finding}${f.suggestion ? `\n  Fix: ${f.suggestion}` : ''}`)
    .join('\n');
}

export async function revise(env: PhaseEnv): Promise<ResultOf<'revise'>> {
  const s = env.state();
  const review = resultOf(s, 'review');
  const findings = review?.findings ?? [];
  if (!findings.length && !review?.fallbackText) {
    return { phase: 'revise', summary: 'The Reviewer found nothing to fix.', files: [], skipped: 'no findings' };
  }
  const crit = resultOf(s, 'criteria')?.criteria ?? [];
  const user = [
    '# Review of your code',
    findings.length ? findingsList(findings) : review!.fallbackText!,
    crit.length ? `# Acceptance criteria (they must still pass)\n\n${criteriaList(crit)}` : '',
    '# Your task\n\nFix these problems in one pass: read_file, then edit_file with an exact old_string. ' +
      'Leave what works alone. When done, reply with a short summary of what you changed.',
  ].filter(Boolean).join('\n\n');
  const summary = await agent(env, { prompt: 'implementer', user, tools: loadPersona('implementer').tools, maxSteps: env.config.pipeline_implement_steps });
  const files = env.changed();
  if (!files.length) env.ctx.emit({ type: 'warning', code: 'revise_no_change', message: 'The revise pass changed no file.' });
  return { phase: 'revise', summary: summary.trim(), files };
}
