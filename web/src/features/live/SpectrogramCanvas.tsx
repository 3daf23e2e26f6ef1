// Scrolling spectrogram: one column per analysis frame (mean PSD of the channels, 0–45 Hz, dB),
// drawn by shifting the canvas one column left and painting the new one: O(height) per frame.
import { createEffect, onCleanup, onMount, type Accessor } from 'solid-js';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';

const MAX_HZ = 45;
const COLUMN_PX = 3;
/** Delay after an analysis frame, ms (the band plot draws at 35 ms). */
const STAGGER_MS = 70;

/** dB (relative) to a perceptual dark-blue → yellow ramp. t in 0..1. */
function ramp(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  return [Math.round(255 * Math.min(1, x * 1.6)), Math.round(255 * x * x), Math.round(120 + 100 * (1 - x) - 120 * x)];
}

export function SpectrogramCanvas(props: { frame: Accessor<LiveAnalysisFrame | null> }) {
  let canvas!: HTMLCanvasElement;
  let ctx: CanvasRenderingContext2D | null = null;
  onMount(() => {
    canvas.width = 600;
    canvas.height = 180;
    ctx = canvas.getContext('2d');
    ctx!.fillStyle = '#000';
    ctx!.fillRect(0, 0, canvas.width, canvas.height);
  });
  // Drawn a few frames after the spectrum and band plots (same 2 Hz analysis frame), so that no
  // single task rasterises all three.
  let pending: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(pending));
  createEffect(() => {
    const frame = props.frame();
    if (!frame || !ctx) return;
    clearTimeout(pending);
    pending = setTimeout(() => drawColumn(frame), STAGGER_MS);
  });
  const drawColumn = (frame: LiveAnalysisFrame) => {
    if (!ctx) return;
    const bins = frame.freqsHz.findIndex((f) => f > MAX_HZ);
    const n = bins < 0 ? frame.freqsHz.length : bins;
    const db = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const p of frame.psd) sum += p[i];
      db[i] = 10 * Math.log10(sum / frame.psd.length + 1e-12);
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of db) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const h = canvas.height;
    ctx.drawImage(canvas, -COLUMN_PX, 0);
    const column = ctx.createImageData(COLUMN_PX, h);
    for (let y = 0; y < h; y++) {
      const bin = Math.min(n - 1, Math.floor(((h - 1 - y) / h) * n));
      const [r, g, b] = ramp((db[bin] - lo) / (hi - lo || 1));
      for (let x = 0; x < COLUMN_PX; x++) {
        const o = (y * COLUMN_PX + x) * 4;
        column.data[o] = r;
        column.data[o + 1] = g;
        column.data[o + 2] = b;
        column.data[o + 3] = 255;
      }
    }
    ctx.putImageData(column, canvas.width - COLUMN_PX, 0);
  };
  return (
    <canvas
      ref={canvas}
      class="spectrogram"
      data-testid="spectrogram"
      role="img"
      aria-label="Spectrogram: time left to right, frequency bottom to top, brighter is more power"
    />
  );
}
