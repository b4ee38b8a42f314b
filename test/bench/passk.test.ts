import { describe, expect, it } from 'vitest';
import { passAtK, passAtKs } from '../../lib/bench/passk';

describe('passAtK', () => {
  it('matches hand-computed values', () => {
    // n=5, c=2, k=1: 1 - C(3,1)/C(5,1) = 1 - 3/5
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    // n=10, c=3, k=5: 1 - C(7,5)/C(10,5) = 1 - 21/252
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 12);
    // n=4, c=1, k=2: 1 - C(3,2)/C(4,2) = 1 - 3/6
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 12);
  });

  it('c = 0 is 0 and c = n is 1', () => {
    expect(passAtK(3, 0, 1)).toBe(0);
    expect(passAtK(3, 0, 3)).toBe(0);
    expect(passAtK(3, 3, 1)).toBe(1);
    expect(passAtK(7, 7, 7)).toBe(1);
  });

  it('n = k is 1 as soon as one sample passed', () => {
    expect(passAtK(3, 1, 3)).toBe(1);
    expect(passAtK(1, 1, 1)).toBe(1);
    expect(passAtK(1, 0, 1)).toBe(0);
  });

  it('stays finite for large n where binomials overflow', () => {
    // 1 - C(1000,100)/C(2000,100) would overflow as doubles; product form does not.
    const v = passAtK(2000, 1000, 100);
    expect(v).toBeGreaterThan(0.999999);
    expect(v).toBeLessThanOrEqual(1);
  });

  it('rejects impossible inputs', () => {
    expect(passAtK(3, 4, 1)).toBeNaN();
    expect(passAtK(3, 1, 4)).toBeNaN();
    expect(passAtK(0, 0, 1)).toBeNaN();
    expect(passAtK(3, 1.5, 1)).toBeNaN();
  });

  it('passAtKs keeps only ks that fit n', () => {
    const r = passAtKs(3, 1);
    expect(Object.keys(r)).toEqual(['1', '3']);
    expect(r[1]).toBeCloseTo(1 / 3, 12);
    expect(r[3]).toBe(1);
  });
});
