// Summary statistics for repeated measurements: medians and spreads, percentiles, log-log slopes.
export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** Interquartile range (p75 - p25): the spread reported next to every median. */
  iqr: number;
}

/** Linear-interpolated percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const s = [...samples].sort((a, b) => a - b);
  const pos = ((s.length - 1) * p) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  return {
    n: samples.length,
    median: percentile(samples, 50),
    min: Math.min(...samples),
    max: Math.max(...samples),
    iqr: percentile(samples, 75) - percentile(samples, 25),
  };
}

/** Least-squares slope of log(y) against log(x): the growth exponent (1 = linear, 0 = constant). */
export function logLogSlope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) throw new Error('a slope needs at least two points');
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}
