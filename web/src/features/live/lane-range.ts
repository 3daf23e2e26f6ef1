// Stacked lanes in one plot: where each channel's scale must sit so that it fills its own lane.

/** Scale range that puts [lo, hi] into lane `lane` of `lanes` (lane 0 at the top), with 8 % margins. */
export function laneRange(lo: number, hi: number, lane: number, lanes: number): [number, number] {
  let span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) span = 2;
  const mid = Number.isFinite(lo + hi) ? (lo + hi) / 2 : 0;
  const padded = span * 1.16;
  const top = mid + padded / 2 + lane * padded;
  return [top - lanes * padded, top];
}
