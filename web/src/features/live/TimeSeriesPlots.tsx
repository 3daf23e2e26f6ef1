// The scrolling time series: a lane per channel, each with its own scale (auto: its own min..max, or
// a fixed ± range). uPlot draws the frame (x axis in seconds before now, grid) and redraws it only on
// resize; the traces are rasterised per animation frame, only when new samples arrived, into one
// canvas over uPlot's plot area at device pixel ratio 1 (min/max per pixel column, see trace-raster.ts).
//
//   lane 0  ───────  ch0 in [lo0, hi0], the top 1/N of the plot
//   lane 1  ───────  ch1 in [lo1, hi1], the next 1/N ...
import uPlot from 'uplot';
import { For, createSignal, onCleanup, onMount } from 'solid-js';
import { displayScale, settings } from '../../app/settings.ts';
import type { LiveBuffer } from './live-buffer.ts';
import { makeFrameLoop } from './frame-loop.ts';
import { channelColour } from './colours.ts';
import { laneExtent } from './lane-range.ts';
import { minMaxColumns, packHex, paintLane } from './trace-raster.ts';

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
  const y = new Float64Array(n);
  let redrawNow = () => {};
  const unitLabel = () => (settings().units === 'mV' ? 'mV' : 'µV');

  onMount(() => {
    const style = getComputedStyle(document.documentElement);
    const axis = style.getPropertyValue('--muted').trim() || '#a9b8cf';
    const grid = style.getPropertyValue('--border').trim() || '#3a4f73';
    const plotHeightPx = lanes * lanePx;
    // uPlot draws the frame (x axis in seconds, grid) and redraws it only on resize; the traces go
    // to our own canvas over its plot area (trace-raster.ts explains why).
    plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: plotHeightPx + AXIS_PX,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [x[0], 0] } },
        axes: [{ stroke: axis, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, size: AXIS_PX }],
        series: [{}],
      },
      [x] as unknown as uPlot.AlignedData,
      el,
    );
    const traces = document.createElement('canvas');
    traces.className = 'ts-traces';
    traces.dataset.testid = 'ts-traces';
    plot.over.appendChild(traces);
    let ctx = traces.getContext('2d')!;
    let image = ctx.createImageData(1, 1);
    let pixels = new Uint32Array(image.data.buffer);
    let lo = new Float64Array(1);
    let hi = new Float64Array(1);
    let drawn = -1;
    const sizeTraces = () => {
      // Device pixel ratio capped at 1: a quarter of the pixels to fill and commit on a 2× screen.
      const w = Math.max(1, Math.round(plot!.bbox.width / uPlot.pxRatio));
      traces.width = w;
      traces.height = plotHeightPx;
      ctx = traces.getContext('2d')!;
      image = ctx.createImageData(w, plotHeightPx);
      pixels = new Uint32Array(image.data.buffer);
      lo = new Float64Array(w);
      hi = new Float64Array(w);
      drawn = -1;
    };
    sizeTraces();
    const resize = new ResizeObserver(() => {
      plot?.setSize({ width: Math.max(200, el.clientWidth), height: plotHeightPx + AXIS_PX });
      sizeTraces();
    });
    resize.observe(el);
    const colours = props.labels.map((_, c) => packHex(channelColour(c)));
    const stop = makeFrameLoop(() => {
      if ((props.buffer.version === drawn && drawn !== -2) || !plot) return;
      drawn = props.buffer.version;
      const scale = displayScale();
      const width = traces.width;
      pixels.fill(0);
      for (let c = 0; c < lanes; c++) {
        props.buffer.readInto(c, y, scale);
        minMaxColumns(y, width, lo, hi);
        let a = Infinity;
        let b = -Infinity;
        for (let i = 0; i < width; i++) {
          if (lo[i] < a) a = lo[i];
          if (hi[i] > b) b = hi[i];
        }
        const r = ranges()[c];
        const [bottom, top] = r ? [-r, r] : laneExtent(a, b);
        paintLane(pixels, width, plotHeightPx, c, lanes, { lo: bottom, hi: top, colour: colours[c] }, lo, hi);
      }
      ctx.putImageData(image, 0, 0);
    });
    redrawNow = () => (drawn = -2);
    onCleanup(() => {
      stop();
      resize.disconnect();
      plot?.destroy();
    });
  });

  return (
    <div class="timeseries" data-testid="timeseries">
      <p class="muted">
        {props.filterLabel} · {unitLabel()} · last {props.buffer.windowSec} s
      </p>
      <div class="ts-grid">
        <ul class="ts-labels" style={{ 'grid-template-rows': `repeat(${lanes}, ${lanePx}px)` }}>
          <For each={props.labels}>
            {(label, c) => (
              <li class="ts-label">
                {/* The trace's colour as a swatch; the name in the text colour, readable on any theme. */}
                <span class="ts-swatch" style={{ background: channelColour(c()) }} aria-hidden="true" />
                <strong>{label}</strong>
                <label class="sr-only" for={`range-${c()}`}>
                  Vertical scale of {label}
                </label>
                <select
                  id={`range-${c()}`}
                  value={ranges()[c()]}
                  onChange={(e) => {
                    const next = [...ranges()];
                    next[c()] = Number(e.currentTarget.value);
                    setRanges(next);
                    redrawNow();
                  }}
                >
                  <For each={RANGES}>{(r) => <option value={r}>{r ? `±${r}` : 'auto'}</option>}</For>
                </select>
              </li>
            )}
          </For>
        </ul>
        <div
          class="ts-plot"
          style={{ height: `${lanes * lanePx + AXIS_PX}px` }}
          ref={el}
          role="img"
          aria-label={`Signals of ${props.labels.join(', ')}, last ${props.buffer.windowSec} seconds`}
        />
      </div>
    </div>
  );
}
