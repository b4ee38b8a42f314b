// Phase 2, Architect: approach, files to create, steps (Markdown).
import { agent, requirementFor, type PhaseEnv } from '../env';
import { resultOf } from '../state';
import type { ResultOf } from '../types';

export async function plan(env: PhaseEnv): Promise<ResultOf<'plan'>> {
  const c = resultOf(env.state(), 'classify');
  const stack = c && (c.language || c.stack) ? `\n\nLanguage: ${c.language || 'unspecified'}. Stack: ${c.stack || 'unspecified'}.` : '';
  const text = await agent(env, { prompt: 'plan', user: `# Requirement document\n\n${requirementFor(env, 'plan')}${stack}` });
  if (!text.trim()) env.ctx.emit({ type: 'warning', code: 'empty_plan', message: 'The Architect returned an empty plan; the Implementer works from the requirement alone.' });
  return { phase: 'plan', plan: text.trim() };
}
