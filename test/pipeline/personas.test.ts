// The prompt files are the one source of truth for who runs each phase: a
// front matter edit changes the pipeline's model and what it reports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../lib/config/schema';
import { phaseModels } from '../../lib/pipeline/personas';
import { buildReport } from '../../lib/pipeline/report';
import { rebuild } from '../../lib/pipeline/state';
import type { RunEvent } from '../../lib/runs/events';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const saved = process.env.CA_APP_ROOT;
afterEach(() => {
  if (saved === undefined) delete process.env.CA_APP_ROOT;
  else process.env.CA_APP_ROOT = saved;
});

describe('phase personas', () => {
  it('come from the prompts\' front matter', () => {
    const config = configSchema.parse({ reviewer_model: 'rev:7b', implementer_model: 'impl:14b' });
    expect(phaseModels(config).review).toEqual({ persona: 'reviewer', model: 'rev:7b' });

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-prompts-'));
    fs.cpSync(path.join(ROOT, 'prompts'), path.join(root, 'prompts'), { recursive: true });
    const file = path.join(root, 'prompts', 'reviewer.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('model = "reviewer_model"', 'model = "implementer_model"'));
    process.env.CA_APP_ROOT = root;
    const phases = phaseModels(config);
    expect(phases.review).toEqual({ persona: 'reviewer', model: 'impl:14b' });

    // The report names them for phases that never ran.
    const started = { id: 1, runId: 'r', sessionId: null, ts: 1, type: 'pipeline_started', workspace: '/w', phases, resumeAt: 'classify' } as RunEvent;
    expect(buildReport(rebuild([started])).phases.find((p) => p.phase === 'review')).toMatchObject({ model: 'impl:14b', state: 'not run' });
    fs.rmSync(root, { recursive: true, force: true });
  });
});
