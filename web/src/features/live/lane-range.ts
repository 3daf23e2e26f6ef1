// Stacked lanes in one plot: the value range each lane shows so that its channel fills it.

/** Range [bottom, top] shown by a lane whose channel spans [lo, hi], with 8 % margins; flat or empty → ±1. */
export function laneExtent(lo: number, hi: number): [number, number] {
  let span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) span = 2;
  const mid = Number.isFinite(lo + hi) ? (lo + hi) / 2 : 0;
  const padded = span * 1.16;
  return [mid - padded / 2, mid + padded / 2];
}
