// The spectrogram's geometry, shared by its drawing and its axes so they cannot disagree:
//
//   row 0        ┌──────────────┐  top: highest bin shown (bins - 1)
//                │  bin i fills │  rows [h - (i+1)·h/bins, h - i·h/bins)
//   row h - 1    └──────────────┘  bottom: bin 0 (0 Hz)
//                 oldest … newest   one COLUMN_PX column per analysis frame, newest at the right
//
// Colours are dB re 1 (display unit)²/Hz, e.g. dB re 1 µV²/Hz, on a scale that only widens (in 5 dB
// steps) so a colour means the same power across the picture and on the colour bar.

/** Bins drawn: those at or below maxHz. */
export function binsShown(freqsHz: ArrayLike<number>, maxHz: number): number {
  let n = 0;
  while (n < freqsHz.length && freqsHz[n] <= maxHz) n++;
  return n;
}

/** Bin drawn in pixel row `row` (0 = top) of a `rows`-high picture of `bins` bins. */
export function binOfRow(row: number, rows: number, bins: number): number {
  return Math.max(0, Math.min(bins - 1, Math.floor(((rows - row - 0.5) * bins) / rows)));
}

/** Vertical position (rows from the top, fractional) of frequency `hz`: the centre of its bin. */
export function rowOfFrequency(hz: number, freqsHz: ArrayLike<number>, rows: number, bins: number): number {
  const binWidthHz = freqsHz[1] - freqsHz[0];
  const bin = (hz - freqsHz[0]) / binWidthHz;
  return rows - ((bin + 0.5) * rows) / bins;
}

/** 10·log10 of the mean PSD of the channels over the first `bins` bins (floored at -60 dB). */
export function meanPsdDb(psd: ArrayLike<number>[], bins: number): Float32Array {
  const out = new Float32Array(bins);
  for (let i = 0; i < bins; i++) {
    let sum = 0;
    for (const p of psd) sum += p[i];
    out[i] = 10 * Math.log10(Math.max(sum / Math.max(1, psd.length), 1e-6));
  }
  return out;
}

/** The colour range [lo, hi] dB widened (to 5 dB steps) to hold `db`; the same array when it already does. */
export function widenRange(range: readonly [number, number] | null, db: ArrayLike<number>): readonly [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < db.length; i++) {
    if (db[i] < lo) lo = db[i];
    if (db[i] > hi) hi = db[i];
  }
  if (!(hi >= lo)) return range ?? [-20, 20];
  if (range && lo >= range[0] && hi <= range[1]) return range;
  const a = Math.floor(Math.min(lo, range?.[0] ?? lo) / 5) * 5;
  const b = Math.ceil(Math.max(hi, range?.[1] ?? hi) / 5) * 5;
  return [a, b > a ? b : a + 5];
}

/** dB on the range → perceptual dark-blue → yellow ramp; brighter (r + g) is always more power. */
export function rampColour(db: number, range: readonly [number, number]): [number, number, number] {
  const x = Math.min(1, Math.max(0, (db - range[0]) / (range[1] - range[0] || 1)));
  return [Math.round(255 * Math.min(1, x * 1.6)), Math.round(255 * x * x), Math.round(120 + 100 * (1 - x) - 120 * x)];
}

/** Tick values from lo to hi every `step`, e.g. ticks(0, 60, 10) = [0, 10, ..., 60]. */
export function ticks(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** A 10 dB step unless the range is wide (then 20). */
export function dbStep(range: readonly [number, number]): number {
  return range[1] - range[0] > 60 ? 20 : 10;
}
