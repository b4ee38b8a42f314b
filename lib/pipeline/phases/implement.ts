// Phase 4, Implementer: writes the code and its tests with tools, within the
// step budget. A model that writes nothing fails the phase visibly (the
// article's 14b printed the code as Markdown and left the disk empty).
import fs from 'node:fs';
import { loadPersona } from '../../agents/personas';
import { agent, criteriaList, PhaseFailure, requirementFor, type PhaseEnv } from '../env';
import { resultOf } from '../state';
import type { ResultOf } from '../types';

const LISTING_MAX = 40;

/** What is in the workspace already, so the model neither guesses nor clobbers. */
export function listing(workspace: string): string {
  const names = fs.readdirSync(workspace).filter((n) => !n.startsWith('.')).sort();
  if (!names.length) return 'The project folder is empty.';
  const shown = names.slice(0, LISTING_MAX).join(', ');
  return `The project folder has: ${shown}${names.length > LISTING_MAX ? `, and ${names.length - LISTING_MAX} more` : ''}.`;
}

export async function implement(env: PhaseEnv): Promise<ResultOf<'implement'>> {
  const s = env.state();
  const plan = resultOf(s, 'plan')?.plan || '(no plan: work from the requirement)';
  const crit = resultOf(s, 'criteria')?.criteria ?? [];
  const user = [
    `# Requirement document\n\n${requirementFor(env, 'implementer', 0.3)}`,
    `# The Architect's plan\n\n${plan}`,
    crit.length ? `# Acceptance criteria\n\nThey are run as shell commands in the project root when you are done; make them pass.\n\n${criteriaList(crit)}` : '',
    `# Your task\n\n${listing(env.workspace)} Write the code and its tests now, one file per write_file call, at the paths of the plan. ` +
      'Then run the tests with run_shell and fix what fails. When everything is written, reply with a short summary.',
  ].filter(Boolean).join('\n\n');
  const summary = await agent(env, {
    prompt: 'implementer',
    user,
    tools: loadPersona('implementer').tools,
    maxSteps: env.config.pipeline_implement_steps,
  });
  const files = env.changed();
  if (!files.length) {
    const said = summary.trim() ? ` Its reply: "${summary.trim().slice(0, 200)}${summary.length > 200 ? '…' : ''}"` : '';
    throw new PhaseFailure(`The Implementer wrote no files (it answered without calling write_file or edit_file).${said}`);
  }
  return { phase: 'implement', summary: summary.trim(), files };
}
