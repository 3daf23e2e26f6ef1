// Stacked lanes in one plot: the value range each lane shows so that its channel fills it.

/** Range [bottom, top] shown by a lane whose channel spans [lo, hi], with 8 % margins; flat or empty → ±1. */
export function laneExtent(lo: number, hi: number): [number, number] {
  let span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) span = 2;
  const mid = Number.isFinite(lo + hi) ? (lo + hi) / 2 : 0;
  const padded = span * 1.16;
  return [mid - padded / 2, mid + padded / 2];
}

/**
 * Length of a lane's scale bar: the largest 1-2-5 value (…, 10, 20, 50, 100, …) at most half the
 * lane's span, so the bar fits in the lane with room around it.
 * @example scaleBarValue(-62, 58) // 50
 */
export function scaleBarValue(lo: number, hi: number): number {
  const half = (hi - lo) / 2;
  if (!(half > 0) || !Number.isFinite(half)) return 1;
  const decade = 10 ** Math.floor(Math.log10(half));
  const m = half / decade;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * decade;
}

/** A scale value in words: '50 µV', '0.02 mV' (no float noise). */
export function formatAmount(value: number, unit: string): string {
  return `${Number(value.toPrecision(3))} ${unit}`;
}
