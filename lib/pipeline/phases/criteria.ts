// Phase 3, Architect: acceptance criteria, each with a shell command, as
// structured output. Unusable JSON falls back to commands found in the text.
import { z } from 'zod';
import { requirementFor, type PhaseEnv } from '../env';
import { resultOf } from '../state';
import { structured } from '../structured';
import type { Criterion, ResultOf } from '../types';

const MAX_CRITERIA = 12;

const item = z.object({
  id: z.preprocess((v) => (typeof v === 'number' ? `C${v}` : v), z.string()).catch(''),
  statement: z.string().catch(''),
  command: z.string().trim().min(1),
});
const schema = z.object({ criteria: z.array(z.unknown()) }).transform((o, ctx) => {
  // One bad item must not cost the good ones.
  const ok = o.criteria.map((c) => item.safeParse(c)).filter((r) => r.success).map((r) => r.data);
  if (!ok.length) ctx.addIssue({ code: 'custom', message: 'no criterion with a command', path: ['criteria'] });
  return ok;
});

const format = {
  type: 'object',
  properties: {
    criteria: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, statement: { type: 'string' }, command: { type: 'string' } },
        required: ['id', 'statement', 'command'],
      },
    },
  },
  required: ['criteria'],
};

/** Unique ids (C1, C2, ...) where the model gave none or repeated one; at most MAX_CRITERIA. */
export function normaliseCriteria(list: { id: string; statement: string; command: string }[]): Criterion[] {
  const seen = new Set<string>();
  return list.slice(0, MAX_CRITERIA).map((c, i) => {
    let id = c.id.trim().replace(/\s+/g, '_') || `C${i + 1}`;
    if (seen.has(id)) id = `${id}_${i + 1}`;
    seen.add(id);
    return { id, statement: c.statement.trim() || c.command, command: c.command.trim() };
  });
}

/** Plain-text fallback: every line with a `command` in backticks becomes a criterion. */
export function criteriaFromText(text: string): Criterion[] {
  const out: { id: string; statement: string; command: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /`([^`]+)`/.exec(line);
    if (!m || !/\s|^\w+$/.test(m[1]!.trim())) continue;
    const statement = line.replace(m[0], '').replace(/^[\s*\-\d.)]+/, '').replace(/[\s:—–-]+$/, '').trim();
    out.push({ id: '', statement, command: m[1]!.trim() });
  }
  return normaliseCriteria(out);
}

export async function criteria(env: PhaseEnv): Promise<ResultOf<'criteria'>> {
  const p = resultOf(env.state(), 'plan');
  const user = `# Requirement document\n\n${requirementFor(env, 'criteria', 0.3)}\n\n# The plan\n\n${p?.plan || '(no plan)'}`;
  const r = await structured(env, {
    prompt: 'criteria', user, schema, format, what: 'acceptance criteria',
    // Small models often answer with the bare array.
    normalise: (raw) => (Array.isArray(raw) ? { criteria: raw } : raw),
  });
  if ('value' in r) return { phase: 'criteria', criteria: normaliseCriteria(r.value) };
  const found = criteriaFromText(r.fallbackText);
  env.ctx.emit({
    type: 'warning',
    code: 'criteria_from_text',
    message: found.length
      ? `Read ${found.length} criteria with commands from the Architect's plain text.`
      : 'No runnable acceptance criteria could be read from the Architect\'s text; the Tester will have nothing to run.',
  });
  return { phase: 'criteria', criteria: found, fallbackText: r.fallbackText };
}
