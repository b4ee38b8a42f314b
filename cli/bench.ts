// `npm run bench -- --req req_01 --runner code-assistant --runner claude --samples 3`:
// runs a benchmark in this process on the normal data folder and prints its figures.
// It holds the data folder's lock meanwhile; with a server running, use its Benchmarks page.
import path from 'node:path';
import { BENCH_USAGE, parseBenchArgs } from '../lib/bench/args';
import { listRequirements } from '../lib/bench/pytest';
import { runBenchmark } from '../lib/bench/run';
import { aggregate } from '../lib/bench/store';
import { CliRefusal, targetFor } from './target';

async function main(): Promise<number> {
  process.env.CA_APP_ROOT ??= path.resolve(import.meta.dirname, '..');
  const parsed = parseBenchArgs(process.argv.slice(2), listRequirements());
  if ('error' in parsed) {
    console.error(`${parsed.error}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if ('help' in parsed) {
    console.log(BENCH_USAGE);
    return 0;
  }
  const target = targetFor('bench', (l) => console.error(l));
  let app;
  try {
    const t = target.open();
    if ('server' in t) {
      console.error(`code-assistant is running on this data folder (pid ${t.server.pid}) at ${t.server.url}: run the benchmark on its Benchmarks page (${t.server.url}/benchmarks), or stop it to run it here.`);
      return 1;
    }
    app = t.app;
  } catch (e) {
    if (!(e instanceof CliRefusal)) throw e;
    console.error(e.message);
    return 1;
  }
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.once(sig, () => process.exit(128 + (sig === 'SIGTERM' ? 15 : 1)));
  const ctl = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nCancelling the benchmark (the current sample is kept as cancelled)…');
    ctl.abort();
  });
  try {
    const r = await runBenchmark(app, parsed, { signal: ctl.signal, onProgress: (_, m) => console.log(m) });
    for (const n of r.notes) console.log(`note: ${n}`);
    for (const s of r.runs) {
      const acc = s.acceptance ? `${s.acceptance.passed}/${s.acceptance.total}` : s.missingDeps ? 'not judged (missing deps)' : '-';
      console.log(`${s.req} ${s.runner} #${s.sample} [${s.model}] ${s.status}: ${(s.wallMs / 1000).toFixed(1)} s, ${s.modelCalls} calls, ${s.linesWritten} lines, ${s.syntaxErrors} syntax errors, acceptance ${acc}${s.error ? ` (${s.error})` : ''}`);
    }
    for (const a of aggregate(r.runs)) console.log(`${a.req} ${a.runner}: pass@1 ${fmt(a.passAt1)}, pass@${a.n} ${fmt(a.passAtN)} (${a.c}/${a.n} passed)`);
    console.log(`results: ${path.join(app.dataDir, 'bench', `${r.id}.json`)}`);
    return r.status === 'finished' ? 0 : 1;
  } finally {
    await target.close();
  }
}

const fmt = (v: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(3));

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
