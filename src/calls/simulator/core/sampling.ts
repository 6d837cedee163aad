/**
 * Random draws for the traffic simulator, all from an injected uniform source (a seeded
 * `mulberry32` in every adapter), so a run is a pure function of its seed. PURE.
 */
import type { RandomSource } from '../../../routing/domain/types.ts';

export type { RandomSource };

/** A standard normal draw (Box–Muller; one of the pair is dropped to keep the stream simple). */
export function normal(random: RandomSource): number {
  let u = random();
  while (u <= 1e-12) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Poisson count with mean `mean`: exact (Knuth) below 30, normal approximation above. */
export function poisson(random: RandomSource, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = random();
    while (p > limit) {
      k++;
      p *= random();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
}

/** Parameters of a log-normal distribution given by its mean and coefficient of variation. */
export interface LogNormal {
  mu: number;
  sigma: number;
}

export function logNormalOf(mean: number, cv: number): LogNormal {
  const sigma2 = Math.log(1 + cv * cv);
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

export function logNormal(random: RandomSource, d: LogNormal): number {
  return Math.exp(d.mu + d.sigma * normal(random));
}

/** Walker's alias table: O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError('AliasTable needs at least one weight');
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new RangeError('AliasTable needs a positive total weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((s, i) => (s < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) {
      this.prob[i] = 1;
      this.alias[i] = i;
    }
  }

  /** An index drawn with probability proportional to its weight. */
  draw(random: RandomSource): number {
    const u = random() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i]! ? i : this.alias[i]!;
  }
}

/** A small integer seed derived from a seed and a label (FNV-1a): independent streams per part. */
export function deriveSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
