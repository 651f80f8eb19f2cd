/** Small statistics for benchmark reports: medians and spreads over repeated runs, and a seeded random source. */

/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** "median (min–max)", each formatted by `format`. */
export function spread(values: readonly number[], format: (value: number) => string = String): string {
  if (values.length === 1) return format(values[0]);
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** A ratio as "0.12×". */
export function ratio(value: number, baseline: number): string {
  return baseline === 0 ? "–" : `${(value / baseline).toFixed(2)}×`;
}

/** A deterministic random source in [0, 1) from a seed (mulberry32), so a run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
