// Markers and gaps on a scrolling time series, for any plot that draws a window of a stream's
// samples over pixel columns the way minMaxColumns (trace-raster.ts) does: the Live time series now,
// a replay later. Positions are stream sample indices (the device counter; a gap is a jump), so a
// mark stays on its sample as the window scrolls.
//
//   window:  samples [end - n, end)  →  columns 0 .. width-1 (column x holds samples
//            floor(x·n/width) .. floor((x+1)·n/width) - 1 of the window)
//   marker:  a dashed vertical line in its sample's column, its text above
//   gap:     a shaded span over the columns of its missing samples

/** A marker on a stream's timeline. */
export interface TimelineMarker {
  /** Stream sample index the marker falls on. */
  sample: number;
  text: string;
}

/** Samples that never arrived: [startSample, startSample + lengthSamples). */
export interface TimelineGap {
  startSample: number;
  lengthSamples: number;
}

export interface PlacedMarker extends TimelineMarker {
  column: number;
}

export interface PlacedGap extends TimelineGap {
  fromColumn: number;
  /** Last column of the span (inclusive). */
  toColumn: number;
}

/**
 * Column of stream sample `sample` in a window of `n` samples ending before `end`, drawn over
 * `width` columns; null outside the window.
 * @example columnOfSample(1000, 1250, 1250, 500) // 400
 */
export function columnOfSample(sample: number, end: number, n: number, width: number): number | null {
  const i = sample - (end - n);
  if (!(i >= 0 && i < n)) return null;
  return Math.min(width - 1, Math.ceil(((i + 1) * width) / n) - 1);
}

/** The sample of the window shown in column `column` (the middle one of the column's samples). */
export function sampleOfColumn(column: number, end: number, n: number, width: number): number {
  const from = Math.floor((column * n) / width);
  const to = Math.max(from + 1, Math.floor(((column + 1) * n) / width));
  return end - n + Math.min(n - 1, Math.floor((from + to - 1) / 2));
}

/** The markers and gaps that fall in the window, with their columns. */
export function placeMarks(
  markers: readonly TimelineMarker[],
  gaps: readonly TimelineGap[],
  end: number,
  n: number,
  width: number,
): { markers: PlacedMarker[]; gaps: PlacedGap[] } {
  const placed: PlacedMarker[] = [];
  for (const m of markers) {
    const column = columnOfSample(m.sample, end, n, width);
    if (column !== null) placed.push({ ...m, column });
  }
  const spans: PlacedGap[] = [];
  for (const g of gaps) {
    const first = Math.max(g.startSample, end - n);
    const last = Math.min(g.startSample + g.lengthSamples, end) - 1;
    if (last < first) continue;
    spans.push({ ...g, fromColumn: columnOfSample(first, end, n, width)!, toColumn: columnOfSample(last, end, n, width)! });
  }
  return { markers: placed, gaps: spans };
}

/** Fills columns from..to (inclusive) of a width × height pixel buffer with `colour`. */
export function paintSpan(pixels: Uint32Array, width: number, height: number, from: number, to: number, colour: number): void {
  for (let y = 0; y < height; y++) pixels.fill(colour, y * width + Math.max(0, from), y * width + Math.min(width - 1, to) + 1);
}

/** A dashed vertical line (4 px on, 3 off) in column `x`, drawn over whatever is there. */
export function paintMarkerLine(pixels: Uint32Array, width: number, height: number, x: number, colour: number): void {
  if (x < 0 || x >= width) return;
  for (let y = 0; y < height; y++) if (y % 7 < 4) pixels[y * width + x] = colour;
}

/** A stream sample with its fitted host time (epoch ms), at the stream's rate. */
export interface TimeAnchor {
  sample: number;
  hostMs: number;
  rateHz: number;
}

/**
 * The stream sample at host time `hostMs`, counted from `anchor` at the stream's rate (the fitted
 * timeline is linear; a gap is a jump in samples, never in time, so the count holds across it).
 * @example sampleAtHostTime({ sample: 2500, hostMs: 10_000, rateHz: 250 }, 9_000) // 2250
 */
export function sampleAtHostTime(anchor: TimeAnchor, hostMs: number): number {
  return anchor.sample + Math.round(((hostMs - anchor.hostMs) * anchor.rateHz) / 1000);
}
