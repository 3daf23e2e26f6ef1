// Scrolling spectrogram: one column per analysis frame (mean PSD of the channels, 0–60 Hz, in dB re
// 1 µV²/Hz), drawn by shifting the canvas one column left and painting the new one: O(height) per
// frame. Frequency axis (Hz), time axis (s before the newest column, from each column's analysis
// time) and a colour bar in dB come from spectrogram-scale.ts, the same geometry the drawing uses.
import { For, createEffect, createSignal, onCleanup, onMount, type Accessor } from 'solid-js';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { source } from '../../app/studio.ts';
import { binOfRow, binsShown, dbStep, meanPsdDb, rampColour, rowOfFrequency, ticks, widenRange } from './spectrogram-scale.ts';

const MAX_HZ = 60;
const COLUMN_PX = 3;
const WIDTH_PX = 600;
const HEIGHT_PX = 180;
const COLUMNS = WIDTH_PX / COLUMN_PX;
const TIME_STEP_SEC = 10;
/** Columns kept at most this far behind the newest (the picture holds COLUMNS, one per 0.5 s). */
const KEEP_MS = COLUMNS * 500 + 5000;
/** Delay after an analysis frame, ms (the band plot draws at 35 ms). */
const STAGGER_MS = 70;

interface Column {
  atMs: number;
  db: Float32Array;
}

/**
 * The picture's columns and colour range outlive the component (like the band history), so coming
 * back to Live shows the last minutes again; columns older than the picture is wide are dropped.
 */
const kept: { columns: Column[]; range: readonly [number, number] | null; of: unknown } = { columns: [], range: null, of: null };

function dbTicks(range: readonly [number, number]) {
  return ticks(range[0], range[1], dbStep(range)).map((db) => ({ db, topPct: (100 * (range[1] - db)) / (range[1] - range[0]) }));
}

export function SpectrogramCanvas(props: { frame: Accessor<LiveAnalysisFrame | null>; unit: string; caption: string }) {
  let canvas!: HTMLCanvasElement;
  let bar!: HTMLCanvasElement;
  let ctx: CanvasRenderingContext2D | null = null;
  // Another source: a new picture.
  if (kept.of !== source()) {
    kept.columns = [];
    kept.range = null;
    kept.of = source();
  }
  const columns = kept.columns;
  const [axes, setAxes] = createSignal<{
    freqs: Array<{ hz: number; topPct: number }>;
    times: Array<{ sec: number; leftPct: number }>;
    db: Array<{ db: number; topPct: number }>;
  }>({ freqs: [], times: [], db: [] });

  onMount(() => {
    canvas.width = WIDTH_PX;
    canvas.height = HEIGHT_PX;
    ctx = canvas.getContext('2d');
    ctx!.fillStyle = '#000';
    ctx!.fillRect(0, 0, canvas.width, canvas.height);
    const frame = props.frame();
    if (columns.length && kept.range && frame) {
      const bins = binsShown(frame.freqsHz, MAX_HZ);
      if (columns[0].db.length === bins) {
        columns.forEach((c, i) => paint(c, canvas.width - (columns.length - i) * COLUMN_PX, bins));
        paintBar();
      }
    }
  });
  // Drawn a few frames after the spectrum and band plots (same 2 Hz analysis frame), so that no
  // single task rasterises all three.
  let pending: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(pending));
  createEffect(() => {
    const frame = props.frame();
    if (!frame || !ctx) return;
    clearTimeout(pending);
    pending = setTimeout(() => addColumn(frame), STAGGER_MS);
  });

  const paint = (column: Column, x: number, bins: number) => {
    const h = canvas.height;
    const image = ctx!.createImageData(COLUMN_PX, h);
    for (let y = 0; y < h; y++) {
      const [r, g, b] = rampColour(column.db[binOfRow(y, h, bins)], kept.range!);
      for (let i = 0; i < COLUMN_PX; i++) image.data.set([r, g, b, 255], (y * COLUMN_PX + i) * 4);
    }
    ctx!.putImageData(image, x, 0);
  };

  const addColumn = (frame: LiveAnalysisFrame) => {
    if (!ctx) return;
    const bins = binsShown(frame.freqsHz, MAX_HZ);
    const column = { atMs: frame.atMs, db: meanPsdDb(frame.psd, bins) };
    // Another source or rate, or columns from before a pause longer than the picture: a new picture.
    const stale = columns.length && (columns[0].db.length !== bins || columns.at(-1)!.atMs > column.atMs || column.atMs - columns[0].atMs > KEEP_MS);
    if (stale || kept.of !== source()) {
      columns.length = 0;
      kept.range = null;
      kept.of = source();
    }
    columns.push(column);
    while (columns.length > COLUMNS || column.atMs - columns[0].atMs > KEEP_MS) columns.shift();
    const wider = widenRange(kept.range, column.db);
    if (wider !== kept.range || columns.length === 1) {
      // A new colour scale: repaint the kept columns with it, so old and new colours agree.
      kept.range = wider;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      columns.forEach((c, i) => paint(c, canvas.width - (columns.length - i) * COLUMN_PX, bins));
      paintBar();
    } else {
      ctx.drawImage(canvas, -COLUMN_PX, 0);
      paint(column, canvas.width - COLUMN_PX, bins);
    }
    const newestMs = column.atMs;
    const times = ticks(0, ((newestMs - columns[0].atMs) / 1000) | 0, TIME_STEP_SEC).flatMap((sec) => {
      // The column analysed closest to `sec` before the newest; a tick only where one is within 1 s.
      let best = -1;
      let bestErr = 1000;
      columns.forEach((c, i) => {
        const err = Math.abs(newestMs - c.atMs - sec * 1000);
        if (err < bestErr) (best = i), (bestErr = err);
      });
      if (best < 0) return [];
      const x = canvas.width - (columns.length - best) * COLUMN_PX + COLUMN_PX / 2;
      return [{ sec, leftPct: (100 * x) / canvas.width }];
    });
    setAxes({
      freqs: ticks(0, MAX_HZ, 10).map((hz) => ({ hz, topPct: (100 * rowOfFrequency(hz, frame.freqsHz, HEIGHT_PX, bins)) / HEIGHT_PX })),
      times,
      db: dbTicks(kept.range!),
    });
  };

  const paintBar = () => {
    const c = bar.getContext('2d');
    const range = kept.range;
    if (!c || !range) return;
    const h = bar.height;
    for (let y = 0; y < h; y++) {
      const [r, g, b] = rampColour(range[1] - ((y + 0.5) / h) * (range[1] - range[0]), range);
      c.fillStyle = `rgb(${r},${g},${b})`;
      c.fillRect(0, y, bar.width, 1);
    }
  };

  const unit = () => `dB re 1 ${props.unit}²/Hz`;
  return (
    <figure class="plot-figure">
      <div class="sg-grid">
        <div class="sg-axis sg-freq" aria-hidden="true">
          <span class="sg-title">Hz</span>
          <For each={axes().freqs}>
            {(t) => (
              <span class="sg-tick" style={{ top: `${t.topPct}%` }} data-hz={t.hz}>
                {t.hz}
              </span>
            )}
          </For>
        </div>
        <canvas
          ref={canvas}
          class="spectrogram"
          data-testid="spectrogram"
          role="img"
          aria-label={`Spectrogram: time left to right (newest at the right), frequency 0 to ${MAX_HZ} Hz bottom to top, colour is power in ${unit()}${
            axes().db.length ? ` from ${axes().db[0].db} to ${axes().db.at(-1)!.db}` : ''
          }`}
        />
        <div class="sg-bar" data-testid="spectrogram-colour-bar" aria-hidden="true">
          <canvas ref={bar} width="10" height={HEIGHT_PX} />
          <div class="sg-axis">
            <span class="sg-title">dB</span>
            <For each={axes().db}>
              {(t) => (
                <span class="sg-tick" style={{ top: `${t.topPct}%` }} data-db={t.db}>
                  {t.db}
                </span>
              )}
            </For>
          </div>
        </div>
        <div />
        <div class="sg-time" aria-hidden="true">
          <For each={axes().times}>
            {(t) => (
              <span class="sg-tick" classList={{ 'sg-now': t.sec === 0 }} style={{ left: `${t.leftPct}%` }} data-sec={t.sec}>
                {t.sec === 0 ? 'now' : `−${t.sec} s`}
              </span>
            )}
          </For>
        </div>
      </div>
      <figcaption class="muted plot-caption" data-testid="spectrogram-caption">
        {props.caption} Colour: {unit()}; time axis in s before the newest column.
      </figcaption>
    </figure>
  );
}
