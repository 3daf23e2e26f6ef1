// The scrolling time series: ONE uPlot with a lane per channel (one canvas to raster per frame
// instead of one per channel, which is what keeps 16 channels at 60 fps). Each channel has its own
// y scale, placed in its lane by the scale's range: auto (its own min..max) or a fixed ± range.
// The x axis is seconds before now (-window..0). Drawing happens once per animation frame and only
// when new samples arrived.
//
//   lane 0  ───────  scale ch0: [lo0, hi0] mapped to the top 1/N of the plot
//   lane 1  ───────  scale ch1: [lo1, hi1] mapped to the next 1/N ...
import uPlot from 'uplot';
import { For, createSignal, onCleanup, onMount } from 'solid-js';
import { displayScale, settings } from '../../app/settings.ts';
import type { LiveBuffer } from './live-buffer.ts';
import { makeFrameLoop } from './frame-loop.ts';
import { channelColour } from './colours.ts';
import { laneRange } from './lane-range.ts';

const RANGES = [0, 25, 50, 100, 200, 500, 1000]; // ± display units; 0 = auto
const AXIS_PX = 30;

export function TimeSeriesPlots(props: { buffer: LiveBuffer; labels: string[]; unit: string; filterLabel: string }) {
  let el!: HTMLDivElement;
  let plot: uPlot | undefined;
  const lanes = props.labels.length;
  const lanePx = lanes > 8 ? 40 : 56;
  const [ranges, setRanges] = createSignal<number[]>(props.labels.map(() => 0));
  const n = props.buffer.capacity;
  const x = Float64Array.from({ length: n }, (_, i) => (i - n + 1) / props.buffer.sampleRateHz);
  const ys = props.labels.map(() => new Float64Array(n));
  const extent = props.labels.map(() => [0, 0] as [number, number]);
  const unitLabel = () => (settings().units === 'mV' ? 'mV' : 'µV');

  onMount(() => {
    const style = getComputedStyle(document.documentElement);
    const axis = style.getPropertyValue('--muted').trim() || '#a9b8cf';
    const grid = style.getPropertyValue('--border').trim() || '#3a4f73';
    const scales: uPlot.Scales = { x: { time: false } };
    props.labels.forEach((_, c) => {
      // auto: true makes uPlot re-run range() on every setData; the lane extent comes from our own pass.
      scales[`ch${c}`] = { auto: true, range: () => (ranges()[c] ? laneRange(-ranges()[c], ranges()[c], c, lanes) : laneRange(extent[c][0], extent[c][1], c, lanes)) };
    });
    plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: lanes * lanePx + AXIS_PX,
        legend: { show: false },
        cursor: { show: false },
        scales,
        axes: [{ stroke: axis, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, size: AXIS_PX }, { show: false, scale: 'ch0' }],
        series: [{}, ...props.labels.map((label, c) => ({ label, scale: `ch${c}`, stroke: channelColour(c), width: 1, points: { show: false }, spanGaps: false }))],
      },
      [x, ...ys] as unknown as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(200, el.clientWidth), height: lanes * lanePx + AXIS_PX }));
    resize.observe(el);
    let drawn = -1;
    const stop = makeFrameLoop(() => {
      if (props.buffer.version === drawn || !plot) return;
      drawn = props.buffer.version;
      const scale = displayScale();
      for (let c = 0; c < lanes; c++) {
        const y = ys[c];
        props.buffer.readInto(c, y, scale);
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = 0; i < y.length; i++) {
          const v = y[i];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        extent[c][0] = lo;
        extent[c][1] = hi;
      }
      plot.setData([x, ...ys] as unknown as uPlot.AlignedData);
    });
    onCleanup(() => {
      stop();
      resize.disconnect();
      plot?.destroy();
    });
  });

  return (
    <div class="timeseries" data-testid="timeseries">
      <p class="muted">{props.filterLabel} · {unitLabel()} · last {props.buffer.windowSec} s</p>
      <div class="ts-grid">
        <ul class="ts-labels" style={{ 'grid-template-rows': `repeat(${lanes}, ${lanePx}px)` }}>
          <For each={props.labels}>
            {(label, c) => (
              <li class="ts-label">
                <strong style={{ color: channelColour(c()) }}>{label}</strong>
                <label class="sr-only" for={`range-${c()}`}>Vertical scale of {label}</label>
                <select id={`range-${c()}`} value={ranges()[c()]} onChange={(e) => { const next = [...ranges()]; next[c()] = Number(e.currentTarget.value); setRanges(next); plot?.redraw(true, true); }}>
                  <For each={RANGES}>{(r) => <option value={r}>{r ? `±${r}` : 'auto'}</option>}</For>
                </select>
              </li>
            )}
          </For>
        </ul>
        <div class="ts-plot" ref={el} role="img" aria-label={`Signals of ${props.labels.join(', ')}, last ${props.buffer.windowSec} seconds`} />
      </div>
    </div>
  );
}
