// The scrolling time series: a lane per channel, each with its own scale (auto: its own min..max, or
// a fixed ± range) and a scale bar (a 1-2-5 amount, drawn at the lane's left edge and written beside
// its name). uPlot draws the frame (x axis in seconds before now, grid) and redraws it only on
// resize; the traces are rasterised per animation frame, only when new samples arrived, into one
// canvas over uPlot's plot area at device pixel ratio 1 (min/max per pixel column, see trace-raster.ts).
// Gaps are shaded and markers drawn as dashed lines with their text (timeline-marks.ts); the pointer
// reads out the time and value of the sample under it, in the lane under it.
//
//   lane 0  ───────  ch0 in [lo0, hi0], rows [0, H/N) of the traces canvas
//   lane 1  ───────  ch1 in [lo1, hi1], rows [H/N, 2H/N) ...
import uPlot from 'uplot';
import { For, Index, Show, createSignal, onCleanup, onMount, type Accessor } from 'solid-js';
import { displayScale, settings } from '../../app/settings.ts';
import { announce } from '../../app/announcer.ts';
import type { LiveBuffer } from './live-buffer.ts';
import { makeFrameLoop } from './frame-loop.ts';
import { channelColour } from './colours.ts';
import { formatAmount, laneExtent, scaleBarValue } from './lane-range.ts';
import { minMaxColumns, packHex, paintLane } from './trace-raster.ts';
import {
  paintMarkerLine,
  paintSpan,
  placeMarks,
  sampleOfColumn,
  type PlacedGap,
  type PlacedMarker,
  type TimelineGap,
  type TimelineMarker,
} from './timeline-marks.ts';

const RANGES = [0, 25, 50, 100, 200, 500, 1000]; // ± display units; 0 = auto
const AXIS_PX = 30;
/** Columns of the scale bar at each lane's left edge. */
const BAR_COLUMNS = [2, 3];

/** What the pointer reads: the sample shown in the column under it, in the lane under it. */
interface Readout {
  label: string;
  /** Stream sample index. */
  sample: number;
  /** Seconds before the newest sample (the x axis). */
  timeSec: number;
  /** In display units; NaN in a gap. */
  value: number;
  lo: number;
  hi: number;
  column: number;
  lane: number;
  /** Columns of the traces canvas (for the cursor's position). */
  width: number;
}

export function TimeSeriesPlots(props: {
  buffer: LiveBuffer;
  labels: string[];
  caption: string;
  /** Markers on this stream's timeline (stream sample indices). */
  markers?: Accessor<readonly TimelineMarker[]>;
  /** Gaps on this stream's timeline, when the source knows them; else the jumps the buffer saw. */
  gaps?: () => readonly TimelineGap[];
}) {
  let el!: HTMLDivElement;
  let marksEl!: HTMLDivElement;
  let plot: uPlot | undefined;
  const lanes = props.labels.length;
  const lanePx = lanes > 8 ? 40 : 56;
  const [ranges, setRanges] = createSignal<number[]>(props.labels.map(() => 0));
  const [bars, setBars] = createSignal<number[]>(props.labels.map(() => 0));
  const [readout, setReadout] = createSignal<Readout | null>(null);
  const [marks, setMarks] = createSignal<{ markers: PlacedMarker[]; gaps: PlacedGap[]; width: number }>({ markers: [], gaps: [], width: 1 });
  const n = props.buffer.capacity;
  const fs = props.buffer.sampleRateHz;
  const x = Float64Array.from({ length: n }, (_, i) => (i - n + 1) / fs);
  const y = new Float64Array(n);
  let redrawNow = () => {};
  const unitLabel = () => (settings().units === 'mV' ? 'mV' : 'µV');
  const formatValue = (v: number) => (Number.isNaN(v) ? 'no sample (gap)' : `${v.toFixed(settings().units === 'mV' ? 4 : 1)} ${unitLabel()}`);

  onMount(() => {
    const style = getComputedStyle(document.documentElement);
    const axis = style.getPropertyValue('--muted').trim() || '#a9b8cf';
    const grid = style.getPropertyValue('--border').trim() || '#3a4f73';
    const text = style.getPropertyValue('--text').trim() || '#e8eef7';
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
        axes: [{ stroke: axis, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid }, size: AXIS_PX, label: '' }],
        series: [{}],
      },
      [x] as unknown as uPlot.AlignedData,
      el,
    );
    const traces = document.createElement('canvas');
    traces.className = 'ts-traces';
    traces.dataset.testid = 'ts-traces';
    plot.over.appendChild(traces);
    plot.over.appendChild(marksEl);
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

    let pointer: { column: number; lane: number } | null = null;
    const over = plot.over;
    const onPointer = (e: PointerEvent) => {
      const rect = over.getBoundingClientRect();
      const column = Math.floor(((e.clientX - rect.left) / rect.width) * traces.width);
      const lane = Math.floor(((e.clientY - rect.top) / rect.height) * lanes);
      pointer = column >= 0 && column < traces.width && lane >= 0 && lane < lanes ? { column, lane } : null;
      drawn = -2;
    };
    const onLeave = () => {
      pointer = null;
      setReadout(null);
    };
    over.addEventListener('pointermove', onPointer);
    over.addEventListener('pointerleave', onLeave);
    // The keyboard moves the same cursor: ←/→ in time (Shift: 10 times further), ↑/↓ between
    // channels, Escape hides it; each move is announced once the frame has read the value.
    let announceNext = false;
    const onKey = (e: KeyboardEvent) => {
      const step = Math.max(1, Math.round(traces.width / 100)) * (e.shiftKey ? 10 : 1);
      const at = pointer ?? { column: traces.width - 1, lane: 0 };
      const moves: Record<string, () => { column: number; lane: number } | null> = {
        ArrowLeft: () => ({ ...at, column: Math.max(0, at.column - (pointer ? step : 0)) }),
        ArrowRight: () => ({ ...at, column: Math.min(traces.width - 1, at.column + (pointer ? step : 0)) }),
        ArrowUp: () => ({ ...at, lane: Math.max(0, at.lane - (pointer ? 1 : 0)) }),
        ArrowDown: () => ({ ...at, lane: Math.min(lanes - 1, at.lane + (pointer ? 1 : 0)) }),
        Escape: () => null,
      };
      if (!moves[e.key]) return;
      e.preventDefault();
      pointer = moves[e.key]();
      if (!pointer) setReadout(null);
      announceNext = pointer !== null;
      drawn = -2;
    };
    el.addEventListener('keydown', onKey);
    el.addEventListener('blur', onLeave);

    const colours = props.labels.map((_, c) => packHex(channelColour(c)));
    const barColour = packHex(axis);
    const markerColour = packHex(text);
    // Gaps: the muted colour at 30 % opacity (ImageData bytes are not premultiplied).
    const gapColour = ((77 << 24) | (packHex(axis) & 0xffffff)) >>> 0;
    const stop = makeFrameLoop(() => {
      if ((props.buffer.version === drawn && drawn !== -2) || !plot) return;
      drawn = props.buffer.version;
      const scale = displayScale();
      const width = traces.width;
      const end = props.buffer.end;
      pixels.fill(0);
      const placed = placeMarks(props.markers?.() ?? [], props.gaps?.() ?? props.buffer.gaps, end, n, width);
      for (const g of placed.gaps) paintSpan(pixels, width, plotHeightPx, g.fromColumn, g.toColumn, gapColour);
      const nextBars = bars().slice();
      let nextReadout: Readout | null = null;
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
        // The scale bar: `bar` display units tall, centred in the lane.
        const bar = scaleBarValue(bottom, top);
        nextBars[c] = bar;
        const laneTop = Math.floor((c * plotHeightPx) / lanes);
        const rows = Math.floor(((c + 1) * plotHeightPx) / lanes) - 1 - laneTop;
        const barRows = Math.round((bar / (top - bottom)) * rows);
        const from = laneTop + Math.round((rows - barRows) / 2);
        for (let row = from; row <= from + barRows; row++) for (const col of BAR_COLUMNS) pixels[row * width + col] = barColour;
        if (pointer?.lane === c && end > 0) {
          const sample = sampleOfColumn(pointer.column, end, n, width);
          const i = sample - (end - n);
          nextReadout = {
            label: props.labels[c],
            sample,
            timeSec: (i - n + 1) / fs,
            value: y[i],
            lo: bottom,
            hi: top,
            column: pointer.column,
            lane: c,
            width,
          };
        }
      }
      for (const m of placed.markers) paintMarkerLine(pixels, width, plotHeightPx, m.column, markerColour);
      ctx.putImageData(image, 0, 0);
      el.dataset.endSample = String(end);
      if (nextBars.some((v, c) => v !== bars()[c])) setBars(nextBars);
      if (pointer) setReadout(nextReadout);
      if (announceNext && nextReadout) {
        announceNext = false;
        announce(`${nextReadout.label} at ${nextReadout.timeSec.toFixed(2)} s: ${formatValue(nextReadout.value)}`);
      }
      if (placed.markers.length || placed.gaps.length || marks().markers.length || marks().gaps.length) setMarks({ ...placed, width });
    });
    redrawNow = () => (drawn = -2);
    onCleanup(() => {
      stop();
      resize.disconnect();
      over.removeEventListener('pointermove', onPointer);
      over.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('keydown', onKey);
      el.removeEventListener('blur', onLeave);
      plot?.destroy();
    });
  });

  const pct = (column: number) => `${(100 * (column + 0.5)) / marks().width}%`;
  return (
    <div class="timeseries" data-testid="timeseries">
      <p class="muted ts-caption">
        <span data-testid="ts-caption">{props.caption}</span> · {unitLabel()} · last {props.buffer.windowSec} s ·{' '}
        <output
          class="ts-readout"
          aria-live="off"
          data-testid="ts-readout"
          data-sample={readout()?.sample}
          data-value={readout()?.value}
          data-lo={readout()?.lo}
          data-hi={readout()?.hi}
          data-column={readout()?.column}
          data-lane={readout()?.lane}
        >
          <Show when={readout()} fallback="point at a trace to read its value">
            {(r) => (
              <>
                <strong>{r().label}</strong> at {r().timeSec.toFixed(3)} s: <strong>{formatValue(r().value)}</strong>
              </>
            )}
          </Show>
        </output>
      </p>
      <div class="ts-grid">
        <ul class="ts-labels" style={{ 'grid-template-rows': `repeat(${lanes}, ${lanePx}px)` }}>
          <For each={props.labels}>
            {(label, c) => (
              <li class="ts-label">
                {/* The trace's colour as a swatch; the name in the text colour, readable on any theme. */}
                <span class="ts-swatch" style={{ background: channelColour(c()) }} aria-hidden="true" />
                <strong>{label}</strong>
                <span class="ts-scale" data-testid="ts-scale" data-value={bars()[c()]} title="Height of the scale bar at the trace's left edge">
                  <span class="sr-only">scale bar </span>
                  {formatAmount(bars()[c()], unitLabel())}
                </span>
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
          role="application"
          tabindex="0"
          data-testid="ts-plot"
          aria-roledescription="signal plot"
          aria-label={`Signals of ${props.labels.join(', ')}, last ${props.buffer.windowSec} seconds; x axis in seconds before now. Arrow keys move a cursor that reads out the value: left and right in time, up and down between channels.`}
        />
      </div>
      <div ref={marksEl} class="ts-marks" aria-hidden="true">
        <Show when={readout()}>{(r) => <span class="ts-cursor" style={{ left: `${(100 * (r().column + 0.5)) / r().width}%` }} />}</Show>
        <Index each={marks().gaps}>
          {(g) => (
            <span
              class="ts-gap"
              data-testid="ts-gap"
              data-start-sample={g().startSample}
              data-length={g().lengthSamples}
              style={{ left: `${(100 * g().fromColumn) / marks().width}%`, width: `${(100 * (g().toColumn - g().fromColumn + 1)) / marks().width}%` }}
            >
              gap {(g().lengthSamples / fs).toFixed(1)} s
            </span>
          )}
        </Index>
        <Index each={marks().markers}>
          {(m) => (
            <span class="ts-marker" data-testid="ts-marker" data-sample={m().sample} data-column={m().column} style={{ left: pct(m().column) }}>
              {m().text}
            </span>
          )}
        </Index>
      </div>
      <Show when={marks().markers.length || marks().gaps.length}>
        <p class="sr-only">
          In view: {[...marks().markers.map((m) => m.text), ...marks().gaps.map((g) => `a gap of ${(g.lengthSamples / fs).toFixed(1)} s`)].join('; ')}
          .
        </p>
      </Show>
    </div>
  );
}
