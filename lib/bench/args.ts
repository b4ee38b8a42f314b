// Strict flags for `npm run bench`: an unknown or malformed flag is an error
// that names it and the likely spelling, never silently reinterpreted. Pure.
import { closest, distance } from 'fastest-levenshtein';
import { RUNNERS, type BenchOptions, type RunnerName } from './types';

export const BENCH_USAGE = `Usage:
  npm run bench -- --req req_01 [--req req_02 ...] --runner code-assistant [--runner claude] [--samples N] [--steps N]
      Runs each requirement with each runner N times (default 1), one sample after another,
      each in a fresh workspace under the data folder; prints figures and pass@k.
      --steps: the claude runner's step budget (default 40).
  npm run bench -- --help`;

const FLAGS = ['--req', '--runner', '--samples', '--steps', '--help'];

export function parseBenchArgs(argv: string[], known: string[]): BenchOptions | { help: true } | { error: string } {
  const out: BenchOptions = { reqs: [], runners: [], samples: 1 };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--help' || token === '-h') return { help: true };
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    if (!FLAGS.includes(flag)) {
      if (!flag.startsWith('-')) return { error: `Unexpected argument "${token}". Give flags: ${FLAGS.slice(0, 4).join(', ')}.` };
      if (/^-[^-]/.test(flag) && FLAGS.includes(`-${flag}`)) return { error: `Unknown option ${flag}: long options take two dashes. Did you mean -${flag}?` };
      const guess = closest(flag, FLAGS);
      return { error: `Unknown option ${flag}.${distance(flag, guess) <= 3 ? ` Did you mean ${guess}?` : ''}` };
    }
    const value = eq > 0 ? token.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('-'))) return { error: `${flag} needs a value.` };
    if (flag === '--req') {
      if (!known.includes(value)) return { error: `Unknown requirement "${value}". Known: ${known.join(', ')}.` };
      if (!out.reqs.includes(value)) out.reqs.push(value);
    } else if (flag === '--runner') {
      if (!(RUNNERS as readonly string[]).includes(value)) return { error: `Unknown runner "${value}". Runners: ${RUNNERS.join(', ')}.` };
      if (!out.runners.includes(value as RunnerName)) out.runners.push(value as RunnerName);
    } else {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 100) return { error: `${flag} must be a whole number from 1 to 100, got "${value}".` };
      if (flag === '--samples') out.samples = n;
      else out.steps = n;
    }
  }
  if (!out.reqs.length) return { error: `Give at least one --req (${known.join(', ')}).` };
  if (!out.runners.length) return { error: `Give at least one --runner (${RUNNERS.join(', ')}).` };
  return out;
}
