import { z } from 'zod';
import { getApp } from '@/lib/app';
import { parseBenchArgs } from '@/lib/bench/args';
import { listRequirements } from '@/lib/bench/pytest';
import { ARTICLE_ROWS } from '@/lib/bench/reference';
import { aggregate, listResults } from '@/lib/bench/store';
import { RUNNERS } from '@/lib/bench/types';
import { parseJson } from '@/lib/http/parse';
import { fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => {
    const app = getApp();
    const results = listResults(app.dataDir);
    // pass@k over every stored sample of a (task, runner, model), across benchmark runs.
    const aggregates = aggregate(results.flatMap((r) => r.runs)).map(({ samples: _s, ...a }) => a);
    return json({ results, aggregates, reference: ARTICLE_ROWS, active: app.benchmarks.active(), requirements: listRequirements(), runners: RUNNERS });
  });
}

const Start = z.object({
  reqs: z.array(z.string().max(200)).max(100).default([]),
  runners: z.array(z.string().max(100)).max(20).default([]),
  samples: z.number().int().min(1).max(100).default(1),
  steps: z.number().int().min(1).max(10_000).optional(),
});

/** JSON {reqs: string[], runners: string[], samples?: number, steps?: number}: validated like the CLI's flags. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await parseJson(req, Start);
    const argv = [...b.reqs.flatMap((r) => ['--req', r]), ...b.runners.flatMap((r) => ['--runner', r]), '--samples', String(b.samples), ...(b.steps ? ['--steps', String(b.steps)] : [])];
    const opts = parseBenchArgs(argv, listRequirements());
    if ('error' in opts) return fail(opts.error);
    if ('help' in opts) return fail('Give reqs and runners.');
    const id = getApp().benchmarks.start(opts);
    return id ? json({ id }, 202) : fail('A benchmark is already running; wait for it or cancel it.', 409);
  });
}
