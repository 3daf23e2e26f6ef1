// One small uPlot per channel, scrolling: the x axis is seconds before now (-window..0). Each
// channel has its own y scale (auto, or a fixed ± range chosen per channel). Drawing happens once
// per animation frame and only when new samples arrived.
import uPlot from 'uplot';
import { For, createSignal, onCleanup, onMount } from 'solid-js';
import { displayScale, settings } from '../../app/settings.ts';
import type { LiveBuffer } from './live-buffer.ts';
import { makeFrameLoop } from './frame-loop.ts';

const RANGES = [0, 25, 50, 100, 200, 500, 1000]; // ± display units; 0 = auto

export function TimeSeriesPlots(props: { buffer: LiveBuffer; labels: string[]; unit: string; filterLabel: string }) {
  const plots: uPlot[] = [];
  const containers: HTMLDivElement[] = [];
  const [ranges, setRanges] = createSignal<number[]>(props.labels.map(() => 0));
  const n = props.buffer.capacity;
  const x = Float64Array.from({ length: n }, (_, i) => (i - n + 1) / props.buffer.sampleRateHz);
  const ys = props.labels.map(() => new Float64Array(n));
  const unitLabel = () => (settings().units === 'mV' ? 'mV' : 'µV');

  onMount(() => {
    const style = getComputedStyle(document.documentElement);
    const stroke = style.getPropertyValue('--accent').trim() || '#7cc4ff';
    const axis = style.getPropertyValue('--muted').trim() || '#a9b8cf';
    const grid = style.getPropertyValue('--border').trim() || '#3a4f73';
    props.labels.forEach((label, c) => {
      const el = containers[c];
      const opts: uPlot.Options = {
        width: Math.max(200, el.clientWidth),
        height: (props.labels.length > 8 ? 48 : 64) + (c === props.labels.length - 1 ? 28 : 0),
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false },
          y: { auto: true, range: (_u, min, max) => (ranges()[c] ? [-ranges()[c], ranges()[c]] : min === max || !Number.isFinite(min) ? [-1, 1] : [min, max]) },
        },
        axes: [
          { show: c === props.labels.length - 1, stroke: axis, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid } },
          { size: 50, stroke: axis, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, values: (_u, v) => v.map((t) => t.toFixed(0)) },
        ],
        series: [{}, { label, stroke, width: 1, points: { show: false }, spanGaps: false }],
      };
      plots[c] = new uPlot(opts, [x as unknown as number[], ys[c] as unknown as number[]], el);
    });
    const resize = new ResizeObserver(() => plots.forEach((p, c) => p.setSize({ width: Math.max(200, containers[c].clientWidth), height: p.height })));
    containers.forEach((el) => resize.observe(el));
    let drawn = -1;
    const stop = makeFrameLoop(() => {
      if (props.buffer.version === drawn) return;
      drawn = props.buffer.version;
      const scale = displayScale();
      for (let c = 0; c < plots.length; c++) {
        props.buffer.readInto(c, ys[c], scale);
        plots[c].setData([x as unknown as number[], ys[c] as unknown as number[]]);
      }
    });
    onCleanup(() => {
      stop();
      resize.disconnect();
      plots.forEach((p) => p.destroy());
    });
  });

  return (
    <div class="timeseries" data-testid="timeseries">
      <p class="muted">{props.filterLabel} · {unitLabel()} · last {props.buffer.windowSec} s</p>
      <For each={props.labels}>
        {(label, c) => (
          <div class="ts-row">
            <div class="ts-label">
              <strong>{label}</strong>
              <label class="sr-only" for={`range-${c()}`}>Vertical scale of {label}</label>
              <select id={`range-${c()}`} value={ranges()[c()]} onChange={(e) => { const next = [...ranges()]; next[c()] = Number(e.currentTarget.value); setRanges(next); plots[c()]?.redraw(true, true); }}>
                <For each={RANGES}>{(r) => <option value={r}>{r ? `±${r}` : 'auto'}</option>}</For>
              </select>
            </div>
            <div class="ts-plot" ref={(el) => (containers[c()] = el)} role="img" aria-label={`${label} signal, last ${props.buffer.windowSec} seconds`} />
          </div>
        )}
      </For>
    </div>
  );
}
