// Phase 1, Architect: is the document implementable, in which language and stack.
import { z } from 'zod';
import { requirementFor, type PhaseEnv } from '../env';
import { structured } from '../structured';
import type { ResultOf } from '../types';

const schema = z.object({
  implementable: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
  language: z.string().catch(''),
  stack: z.string().catch(''),
  reason: z.string().catch(''),
});

const format = {
  type: 'object',
  properties: { implementable: { type: 'boolean' }, language: { type: 'string' }, stack: { type: 'string' }, reason: { type: 'string' } },
  required: ['implementable', 'language', 'stack', 'reason'],
};

export async function classify(env: PhaseEnv): Promise<ResultOf<'classify'>> {
  const user = `# Requirement document\n\n${requirementFor(env, 'classify-requirement', 0.6)}`;
  const r = await structured(env, { prompt: 'classify-requirement', user, schema, format, what: 'classification' });
  // Unreadable: go on (the later phases show soon enough); a wrong "no" would end the run.
  if ('fallbackText' in r) return { phase: 'classify', implementable: true, language: '', stack: '', reason: r.fallbackText.slice(0, 300), fallback: true };
  return { phase: 'classify', ...r.value };
}
