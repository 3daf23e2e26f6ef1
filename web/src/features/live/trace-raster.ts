// Rasterises stacked time-series lanes straight into a pixel buffer (one 32-bit RGBA word per pixel).
// Why not canvas paths: without a GPU, Chromium rasterises every anti-aliased lineTo in software when
// the canvas is committed; 16 lanes × ~2 segments per pixel column cost 28–99 ms per frame there.
// Here each lane is reduced to min/max per pixel column and painted as one vertical run per column,
// joined to the previous column so the trace stays continuous; the frame is one putImageData.

/** Where one lane sits and how its values map to rows. */
export interface LaneSpec {
  /** Lane's value range shown (bottom, top) in display units. */
  lo: number;
  hi: number;
  /** Packed colour as stored in a little-endian Uint32Array view of RGBA bytes. */
  colour: number;
}

/** Packs r, g, b (0–255, opaque) for a little-endian Uint32Array over ImageData bytes. */
export function packRgb(r: number, g: number, b: number): number {
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** '#rrggbb' → packed opaque colour. */
export function packHex(hex: string): number {
  const v = Number.parseInt(hex.replace('#', ''), 16);
  return packRgb((v >> 16) & 255, (v >> 8) & 255, v & 255);
}

/**
 * Reduces `y` (all samples of the window, oldest first; NaN = gap) to `columns` pixel columns:
 * min into `lo[x]`, max into `hi[x]`, NaN where a column holds no finite sample.
 */
export function minMaxColumns(y: ArrayLike<number>, columns: number, lo: Float64Array, hi: Float64Array): void {
  const n = y.length;
  for (let x = 0; x < columns; x++) {
    const from = Math.floor((x * n) / columns);
    const to = Math.max(from + 1, Math.floor(((x + 1) * n) / columns));
    let a = Infinity;
    let b = -Infinity;
    for (let i = from; i < to && i < n; i++) {
      const v = y[i];
      if (v < a) a = v;
      if (v > b) b = v; // NaN fails both comparisons, so gaps are skipped
    }
    lo[x] = a <= b ? a : NaN;
    hi[x] = a <= b ? b : NaN;
  }
}

/**
 * Paints lane `lane` of `lanes` (equal heights, lane 0 at the top) into `pixels` (width × height).
 * `lo`/`hi` are the per-column min/max from minMaxColumns; values outside the lane range are clipped
 * to the lane's edge rows. A NaN column leaves a gap (never bridged).
 */
export function paintLane(
  pixels: Uint32Array,
  width: number,
  height: number,
  lane: number,
  lanes: number,
  spec: LaneSpec,
  lo: Float64Array,
  hi: Float64Array,
): void {
  const top = Math.floor((lane * height) / lanes);
  const bottom = Math.floor(((lane + 1) * height) / lanes) - 1;
  const rows = bottom - top;
  const span = spec.hi - spec.lo || 1;
  const toRow = (v: number) => {
    const r = Math.round(top + ((spec.hi - v) / span) * rows);
    return r < top ? top : Math.min(r, bottom);
  };
  let prevTop = -1;
  let prevBottom = -1;
  for (let x = 0; x < width; x++) {
    if (Number.isNaN(lo[x])) {
      prevTop = prevBottom = -1;
      continue;
    }
    let r0 = toRow(hi[x]);
    let r1 = toRow(lo[x]);
    if (prevTop >= 0) {
      // Join with the previous column: stretch the run to touch it (halfway keeps edges sharp).
      if (r0 > prevBottom) r0 = (r0 + prevBottom + 1) >> 1;
      if (r1 < prevTop) r1 = (r1 + prevTop) >> 1;
    }
    prevTop = toRow(hi[x]);
    prevBottom = toRow(lo[x]);
    for (let r = r0; r <= r1; r++) pixels[r * width + x] = spec.colour;
  }
}
