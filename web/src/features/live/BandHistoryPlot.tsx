// Mean relative band powers (percent of 0.5–45 Hz power) over the last minute; x is seconds before the newest point.
import uPlot from 'uplot';
import { createEffect, onCleanup, onMount, type Accessor } from 'solid-js';
import { bandColours } from './colours.ts';
import type { BandHistory } from '../../../../workers/analysis/live-view-analysis.ts';

const BANDS = ['delta', 'theta', 'alpha', 'beta', 'gamma'] as const;
/** Delay after an analysis frame, ms: about 2 frames after the spectrum, 2 before the spectrogram. */
const STAGGER_MS = 35;

export function BandHistoryPlot(props: { history: Accessor<BandHistory | undefined> }) {
  let el!: HTMLDivElement;
  let plot: uPlot | undefined;
  onMount(() => {
    const style = getComputedStyle(document.documentElement);
    const axis = style.getPropertyValue('--muted').trim();
    const grid = style.getPropertyValue('--border').trim();
    plot = new uPlot(
      {
        width: Math.max(260, el.clientWidth),
        height: 200,
        cursor: { show: false },
        legend: { show: true, live: false },
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [
          { label: 's before now', stroke: axis, grid: { stroke: grid, width: 0.5 } },
          { label: '%', stroke: axis, size: 44, grid: { stroke: grid, width: 0.5 } },
        ],
        series: [{ label: 'time' }, ...BANDS.map((b) => ({ label: b, stroke: bandColours[b], width: 1.5, points: { show: false } }))],
      },
      [[], ...BANDS.map(() => [])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(260, el.clientWidth), height: 200 }));
    resize.observe(el);
    onCleanup(() => {
      resize.disconnect();
      plot?.destroy();
    });
  });
  // Drawn one task after the spectrum (same 2 Hz analysis frame): each task rasterises one plot.
  let pending: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(pending));
  createEffect(() => {
    const h = props.history();
    if (!plot || !h?.atMs.length) return;
    const newestMs = h.atMs[h.atMs.length - 1];
    const secondsAgo = h.atMs.map((t) => (t - newestMs) / 1000);
    clearTimeout(pending);
    pending = setTimeout(
      () => plot?.setData([secondsAgo, ...BANDS.map((b) => h.bands[b].map((v) => v * 100))] as unknown as uPlot.AlignedData),
      STAGGER_MS,
    );
  });
  return (
    <div
      ref={el}
      class="plot-fixed"
      style={{ height: '236px' }}
      data-testid="band-history"
      role="img"
      aria-label="Relative band powers over the last minute"
    />
  );
}
