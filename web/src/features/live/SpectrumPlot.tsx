// Welch spectrum of every channel, log power, 0.5–60 Hz, redrawn when a new analysis arrives. The
// legend names each channel with its colour and line style (channels 9-16 dashed); a legend entry
// hides or shows its line.
import uPlot from 'uplot';
import { For, createEffect, createSignal, onCleanup, onMount, type Accessor } from 'solid-js';
import type { LiveAnalysisFrame } from '../../../../workers/analysis/live-view-analysis.ts';
import { channelColour, channelDash } from './colours.ts';

const MAX_HZ = 60;

export function SpectrumPlot(props: { frame: Accessor<LiveAnalysisFrame | null>; labels: string[]; caption: string }) {
  let el!: HTMLDivElement;
  let plot: uPlot | undefined;
  const [hidden, setHidden] = createSignal<boolean[]>(props.labels.map(() => false));
  const toggle = (i: number) => {
    const next = hidden().map((h, j) => (j === i ? !h : h));
    setHidden(next);
    plot?.setSeries(i + 1, { show: !next[i] });
  };
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
        series: [
          {},
          ...props.labels.map((label, i) => ({ label, stroke: channelColour(i), dash: channelDash(i), width: 1.25, points: { show: false } })),
        ],
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
  return (
    <figure class="plot-figure">
      <div ref={el} class="plot-fixed" data-testid="spectrum" role="img" aria-label="Power spectrum per channel, µV²/Hz against Hz" />
      <ul class="legend" aria-label="Spectrum legend: press a channel to hide or show its line" data-testid="spectrum-legend">
        <For each={props.labels}>
          {(label, i) => (
            <li>
              <button type="button" class="legend-item" aria-pressed={!hidden()[i()]} onClick={() => toggle(i())} data-channel={label}>
                <svg width="22" height="8" aria-hidden="true">
                  <line
                    x1="1"
                    y1="4"
                    x2="21"
                    y2="4"
                    stroke={channelColour(i())}
                    stroke-width="2.5"
                    stroke-dasharray={channelDash(i()).join(' ') || undefined}
                  />
                </svg>
                {label}
              </button>
            </li>
          )}
        </For>
      </ul>
      <figcaption class="muted plot-caption" data-testid="spectrum-caption">
        {props.caption}
      </figcaption>
    </figure>
  );
}
