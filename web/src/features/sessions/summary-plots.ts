// The session summary's two plots, drawn on a canvas (shown in Sessions, and turned into PNG for the
// HTML export): the score over time with the 95 % interval of its probability, the threshold and
// the pauses; and the loop latency histogram with its percentiles. Drawn on white with dark ink, so
// a PNG reads the same printed, in a mail or beside the app's dark theme.
import type { TrainingLog } from '../../../../workers/analysis/training-log.ts';
import type { TrainingSummary } from './training-summary.ts';

const INK = '#1b1f24';
const GRID = '#d7dbe0';
const SCORE = '#1f6fd1';
const BAND = 'rgba(31, 111, 209, 0.18)';
const PAUSE = 'rgba(214, 120, 0, 0.22)';
const THRESHOLD = '#b3261e';
const BAR = '#3f8f5f';
const FONT = '12px system-ui, sans-serif';

/** Plot area inside the canvas, px: room on the left for the axis labels, below for the time axis. */
const PAD = { left: 44, right: 12, top: 22, bottom: 30 };

function frame(ctx: CanvasRenderingContext2D, width: number, height: number, title: string) {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = FONT;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  ctx.fillText(title, PAD.left, 4);
  return { x0: PAD.left, y0: PAD.top, w: width - PAD.left - PAD.right, h: height - PAD.top - PAD.bottom };
}

function yAxis(ctx: CanvasRenderingContext2D, area: ReturnType<typeof frame>, ticks: number[], label: (v: number) => string, max: number) {
  ctx.strokeStyle = GRID;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  for (const v of ticks) {
    const y = area.y0 + area.h * (1 - v / max);
    ctx.beginPath();
    ctx.moveTo(area.x0, y);
    ctx.lineTo(area.x0 + area.w, y);
    ctx.stroke();
    ctx.fillText(label(v), area.x0 - 6, y);
  }
  ctx.textAlign = 'left';
}

function xLabels(ctx: CanvasRenderingContext2D, area: ReturnType<typeof frame>, labels: Array<[number, string]>) {
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  for (const [x, text] of labels) ctx.fillText(text, x, area.y0 + area.h + 6);
  ctx.textAlign = 'left';
}

const minutes = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`;

/** Score (line), P(target) 95 % interval (band), threshold (dashed) and pauses (shaded) over the training. */
export function drawScorePlot(ctx: CanvasRenderingContext2D, log: TrainingLog, width: number, height: number): void {
  const area = frame(ctx, width, height, 'Score over time (line), its probability’s 95 % interval (band), threshold (dashed), pauses (orange)');
  const span = Math.max(1, log.durationSec);
  const x = (t: number) => area.x0 + (area.w * t) / span;
  const y = (v: number) => area.y0 + area.h * (1 - Math.min(1, Math.max(0, v)));
  yAxis(ctx, area, [0, 0.25, 0.5, 0.75, 1], (v) => v.toFixed(2), 1);
  ctx.fillStyle = PAUSE;
  for (const p of log.pauses) ctx.fillRect(x(p.startSec), area.y0, Math.max(1, x(p.endSec) - x(p.startSec)), area.h);
  // The interval band, drawn as one polygon per run of points that have one.
  ctx.fillStyle = BAND;
  let run: typeof log.points = [];
  const flush = () => {
    if (run.length > 1) {
      ctx.beginPath();
      run.forEach((p, i) => (i ? ctx.lineTo(x(p.t), y(p.probability!.high)) : ctx.moveTo(x(p.t), y(p.probability!.high))));
      for (let i = run.length - 1; i >= 0; i--) ctx.lineTo(x(run[i]!.t), y(run[i]!.probability!.low));
      ctx.closePath();
      ctx.fill();
    }
    run = [];
  };
  for (const p of log.points) p.probability ? run.push(p) : flush();
  flush();
  ctx.strokeStyle = SCORE;
  ctx.lineWidth = 2;
  ctx.beginPath();
  let drawing = false;
  for (const p of log.points) {
    if (p.paused || !Number.isFinite(p.score)) {
      drawing = false;
      continue;
    }
    drawing ? ctx.lineTo(x(p.t), y(p.score)) : ctx.moveTo(x(p.t), y(p.score));
    drawing = true;
  }
  ctx.stroke();
  ctx.lineWidth = 1;
  if (log.threshold !== null) {
    ctx.strokeStyle = THRESHOLD;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    ctx.moveTo(area.x0, y(log.threshold));
    ctx.lineTo(area.x0 + area.w, y(log.threshold));
    ctx.stroke();
    ctx.setLineDash([]);
  }
  xLabels(
    ctx,
    area,
    [0, 0.25, 0.5, 0.75, 1].map((f) => [x(f * span), minutes(f * span)]),
  );
}

/** Loop latency histogram (every update of the training), with the median and 95th percentile marked. */
export function drawLatencyHistogram(ctx: CanvasRenderingContext2D, log: TrainingLog, summary: TrainingSummary, width: number, height: number): void {
  const area = frame(ctx, width, height, 'Loop latency, newest sample → sound out (updates per bin)');
  const l = log.latency;
  if (!l || !summary.latency) {
    ctx.fillStyle = INK;
    ctx.fillText('No feedback update was measured.', area.x0, area.y0 + area.h / 2);
    return;
  }
  // Show the bins up to a little past the 99th percentile, so the bulk is not squeezed to the left.
  const lastBin = Math.min(l.counts.length, Math.max(5, Math.ceil((summary.latency.p99Ms * 1.25) / l.binMs)));
  const shown = l.counts.slice(0, lastBin);
  const most = Math.max(1, ...shown);
  const barW = area.w / shown.length;
  const ticks = [0, Math.round(most / 2), most].filter((v, i, a) => a.indexOf(v) === i);
  yAxis(ctx, area, ticks, String, most);
  ctx.fillStyle = BAR;
  shown.forEach((count, i) => {
    const h = (area.h * count) / most;
    ctx.fillRect(area.x0 + i * barW + 0.5, area.y0 + area.h - h, Math.max(1, barW - 1), h);
  });
  const at = (ms: number) => area.x0 + (area.w * ms) / (shown.length * l.binMs);
  for (const [ms, name] of [
    [summary.latency.p50Ms, 'p50'],
    [summary.latency.p95Ms, 'p95'],
  ] as const) {
    ctx.strokeStyle = THRESHOLD;
    ctx.beginPath();
    ctx.moveTo(at(ms), area.y0);
    ctx.lineTo(at(ms), area.y0 + area.h);
    ctx.stroke();
    ctx.fillStyle = THRESHOLD;
    ctx.fillText(name, at(ms) + 3, area.y0 + 2);
  }
  xLabels(
    ctx,
    area,
    [0, 0.5, 1].map((f) => [area.x0 + f * area.w, `${Math.round(f * shown.length * l.binMs)} ms`]),
  );
}
