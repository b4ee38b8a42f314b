// Phase 5, Reviewer: reads the files the Implementer wrote (with line
// numbers, fitted to the context) and returns structured findings.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { decodeUtf8 } from '../../tools/files';
import { fitText } from '../../tools/output';
import { materialBudget, requirementFor, type PhaseEnv } from '../env';
import { writtenFiles } from '../state';
import { structured } from '../structured';
import type { Finding, ResultOf, Severity } from '../types';

const MAX_FILE_BYTES = 512 * 1024;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

const finding = z.object({
  file: z.string().catch(''),
  line: z.preprocess((v) => (typeof v === 'string' ? Number.parseInt(v, 10) : v), z.number().int().positive()).nullable().catch(null),
  severity: z.preprocess((v) => String(v).toLowerCase(), z.enum(['error', 'warning', 'info'])).catch('warning'),
  finding: z.string().trim().min(1),
  suggestion: z.string().catch(''),
});
const schema = z.object({ findings: z.array(z.unknown()) }).transform((o, ctx) => {
  const ok = o.findings.map((f) => finding.safeParse(f)).filter((r) => r.success).map((r) => r.data as Finding);
  // A cut-off reply "repaired" into items without text is not a clean review.
  if (o.findings.length && !ok.length) ctx.addIssue({ code: 'custom', message: 'no finding has a text', path: ['findings'] });
  return ok;
});

const format = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          file: { type: 'string' }, line: { type: 'integer' }, severity: { type: 'string', enum: SEVERITIES },
          finding: { type: 'string' }, suggestion: { type: 'string' },
        },
        required: ['file', 'line', 'severity', 'finding', 'suggestion'],
      },
    },
  },
  required: ['findings'],
};

const numbered = (text: string) => text.replace(/\n$/, '').split('\n').map((l, i) => `${String(i + 1).padStart(4)}| ${l}`).join('\n');

/** The written files as the Reviewer reads them: numbered lines, each file fitted to its share. */
export function filesForReview(workspace: string, paths: string[], budgetTokens: number): string {
  const share = Math.max(200, Math.floor(budgetTokens / Math.max(1, paths.length)));
  const parts: string[] = [];
  for (const rel of paths) {
    const abs = path.join(workspace, rel);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (st.size > MAX_FILE_BYTES) {
      parts.push(`## ${rel}\n(${st.size} bytes: too large to review)`);
      continue;
    }
    const text = decodeUtf8(fs.readFileSync(abs));
    if (text === null) continue; // binary
    parts.push(`## ${rel}\n\`\`\`\n${fitText(numbered(text), share, { hint: 'lines cut for length' })}\n\`\`\``);
  }
  return parts.join('\n\n');
}

export async function review(env: PhaseEnv): Promise<ResultOf<'review'>> {
  const paths = writtenFiles(env.state()).map((f) => f.path);
  const user = [
    `# Requirement document\n\n${requirementFor(env, 'reviewer', 0.25)}`,
    `# The code\n\n${filesForReview(env.workspace, paths, materialBudget(env, 'reviewer', 0.45)) || '(no files)'}`,
  ].join('\n\n');
  const r = await structured(env, {
    prompt: 'reviewer', user, schema, format, what: 'review findings',
    normalise: (raw) => (Array.isArray(raw) ? { findings: raw } : raw),
  });
  if ('value' in r) return { phase: 'review', findings: r.value };
  return { phase: 'review', findings: [], fallbackText: r.fallbackText };
}
