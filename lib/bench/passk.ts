// The Codex paper's unbiased pass@k estimator: 1 - C(n-c, k) / C(n, k).
// Binomials overflow quickly, so we use the product form
// 1 - prod_{i=n-c+1..n} (1 - k/i), which stays in [0, 1] for any n.

/**
 * pass@k over n samples of which c passed. Requires integers 0 <= c <= n and
 * 1 <= k <= n; returns NaN otherwise (the caller shows "n/a").
 */
export function passAtK(n: number, c: number, k: number): number {
  if (![n, c, k].every(Number.isInteger) || n < 1 || c < 0 || c > n || k < 1 || k > n) return NaN;
  // Fewer failures than k: every k-subset contains a pass.
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/** pass@k for the ks that fit n (k <= n), keyed by k. */
export function passAtKs(n: number, c: number, ks: readonly number[] = [1, 3, 5, 10]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const k of ks) if (k <= n) out[k] = passAtK(n, c, k);
  return out;
}
