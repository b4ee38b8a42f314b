import { getApp } from '@/lib/app';
import { activeBenchmark, startBenchmark } from '@/lib/bench/active';
import { parseBenchArgs } from '@/lib/bench/args';
import { listRequirements } from '@/lib/bench/pytest';
import { ARTICLE_ROWS } from '@/lib/bench/reference';
import { aggregate, listResults } from '@/lib/bench/store';
import { RUNNERS } from '@/lib/bench/types';
import { body, fail, handle, json } from '@/lib/http/respond';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET() {
  return handle(() => {
    const app = getApp();
    const results = listResults(app.dataDir);
    // pass@k over every stored sample of a (task, runner, model), across benchmark runs.
    const aggregates = aggregate(results.flatMap((r) => r.runs)).map(({ samples: _s, ...a }) => a);
    return json({ results, aggregates, reference: ARTICLE_ROWS, active: activeBenchmark(), requirements: listRequirements(), runners: RUNNERS });
  });
}

/** JSON {reqs: string[], runners: string[], samples?: number, steps?: number}: validated like the CLI's flags. */
export function POST(req: Request) {
  return handle(async () => {
    const b = await body<{ reqs?: string[]; runners?: string[]; samples?: number; steps?: number }>(req);
    const argv = [...(b.reqs ?? []).flatMap((r) => ['--req', String(r)]), ...(b.runners ?? []).flatMap((r) => ['--runner', String(r)]), '--samples', String(b.samples ?? 1), ...(b.steps ? ['--steps', String(b.steps)] : [])];
    const opts = parseBenchArgs(argv, listRequirements());
    if ('error' in opts) return fail(opts.error);
    if ('help' in opts) return fail('Give reqs and runners.');
    const id = startBenchmark(getApp(), opts);
    return id ? json({ id }, 202) : fail('A benchmark is already running; wait for it or cancel it.', 409);
  });
}
