// Small models loop: the same read_file or the same failing command, again and
// again. The guard counts identical calls (same tool, same arguments, key order
// ignored) since the last progress, and says when to break the loop.

export const LOOP_BREAK_MESSAGE = (name: string): string =>
  `Loop detected: you called ${name} with exactly the same arguments again, so this call was not run; ` +
  'repeating it will not give a different result. Change your approach: use the result you already have, ' +
  'try different arguments or another tool, or say what is blocking you.';

/** JSON with object keys sorted at every depth, so {a,b} and {b,a} match. */
export function canonicalJson(value: unknown): string {
  try {
    return canonical(value);
  } catch {
    // Absurdly deep arguments overflow the stack: fall back to key order as given.
    return JSON.stringify(value) ?? 'null';
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class LoopGuard {
  private counts = new Map<string, number>();

  /** `limit`: the repeat that breaks (3 = the third identical call). */
  constructor(private readonly limit = 3) {}

  /**
   * Counts the call. Repeats count within the run, not only in a row, so an
   * A, B, A, B, A ping-pong breaks as well as A, A, A.
   */
  record(name: string, args: unknown): { repeated: number; broken: boolean } {
    const key = `${name}\u0000${canonicalJson(args ?? {})}`;
    const repeated = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, repeated);
    return { repeated, broken: repeated >= this.limit };
  }

  /**
   * Call when a tool changed the workspace (a file was written): re-reading a
   * file or re-running `cargo build` after an edit is progress, not a loop.
   */
  progress(): void {
    this.counts.clear();
  }
}
