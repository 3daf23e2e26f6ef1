// Welch spectrum of every channel, log power, 0.5–60 Hz, redrawn when a new analysis arrives.
import uPlot from 'uplot';
import { createEffect, onCleanup, onMount, type Accessor } from 'solid-js';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { channelColour } from './colours.ts';

const MAX_HZ = 60;

export function SpectrumPlot(props: { frame: Accessor<LiveAnalysisFrame | null>; labels: string[] }) {
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
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { label: 'Hz', stroke: axis, grid: { stroke: grid, width: 0.5 } },
          {
            label: 'µV²/Hz',
            stroke: axis,
            size: 60,
            space: 24,
            grid: { stroke: grid, width: 0.5 },
            values: (_u, ticks) => (ticks ?? []).map((v) => (v == null ? '' : v >= 1 ? v.toFixed(0) : v.toExponential(0))),
          },
        ],
        series: [{}, ...props.labels.map((label, i) => ({ label, stroke: channelColour(i), width: 1, points: { show: false } }))],
      },
      [[], ...props.labels.map(() => [])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(260, el.clientWidth), height: 200 }));
    resize.observe(el);
    onCleanup(() => {
      resize.disconnect();
      plot?.destroy();
    });
  });
  createEffect(() => {
    const frame = props.frame();
    if (!frame || !plot) return;
    let n = frame.freqsHz.findIndex((f) => f > MAX_HZ);
    if (n < 0) n = frame.freqsHz.length;
    const from = frame.freqsHz[0] === 0 ? 1 : 0; // log axis: leave out DC
    // Log axis: values are floored at 1e-7 of the peak (and 1e-6 µV²/Hz) so that a near-perfect
    // synthetic sine, whose off-peak bins are ~1e-30, still gives uPlot a finite number of decades.
    let peak = 0;
    for (const p of frame.psd) for (let i = from; i < n; i++) if (p[i] > peak) peak = p[i];
    const floor = Math.max(1e-6, peak * 1e-7);
    const data = [frame.freqsHz.subarray(from, n), ...frame.psd.map((p) => p.subarray(from, n).map((v) => Math.max(v, floor)))];
    plot.setData(data as unknown as uPlot.AlignedData);
  });
  return <div ref={el} class="plot-fixed" data-testid="spectrum" role="img" aria-label="Power spectrum per channel" />;
}
