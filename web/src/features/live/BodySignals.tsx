// The Live screen's body signals beside the EEG: the heart rate from the optical (PPG) stream and a
// small plot of head motion (accelerometer magnitude), both from the live-view worker
// (live-view-store.ts); a device without the stream shows neither. A heart-rate strap added beside
// the headset shows its own readings (bpm and the last RR interval, as the strap sent them).
import { Show } from 'solid-js';
import { liveHeart, liveMotion, motionTick } from './live-view-store.ts';
import { heartWords } from './heart-words.ts';
import { MOTION_WINDOW_SEC, type MotionSeries } from './motion-series.ts';
import { companion, companionState, strapReadings } from '../../app/studio.ts';

const WIDTH = 300;
const HEIGHT = 60;

/** An SVG path of the series, scaled to its range (at least 0.1 g, so stillness looks still); NaN breaks the line. */
function motionPath(values: Float32Array): { d: string; minG: number; maxG: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  if (!Number.isFinite(min)) return { d: '', minG: Number.NaN, maxG: Number.NaN };
  const centre = (min + max) / 2;
  const half = Math.max(0.05, (max - min) / 2);
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return void (pen = false);
    const x = (i / Math.max(1, values.length - 1)) * WIDTH;
    const y = HEIGHT / 2 - ((v - centre) / half) * (HEIGHT / 2 - 2);
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  });
  return { d, minG: centre - half, maxG: centre + half };
}

function MotionPlot(props: { series: MotionSeries }) {
  const drawn = () => (motionTick(), motionPath(props.series.values()));
  const movement = () => (motionTick(), props.series.movementG());
  const label = () =>
    Number.isFinite(movement())
      ? `Head motion over the last ${MOTION_WINDOW_SEC} s: ${props.series.latest().toFixed(2)} g now, moving ${movement().toFixed(3)} g (standard deviation over 2 s).`
      : 'Head motion: waiting for the accelerometer.';
  return (
    <figure class="motion-plot" data-testid="motion-plot" data-points={drawn().d ? drawn().d.split(/[ML]/).length - 1 : 0}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT} role="img" aria-label={label()}>
        <path d={drawn().d} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
      </svg>
      <figcaption class="muted plot-caption">
        accelerometer magnitude (g), last {MOTION_WINDOW_SEC} s
        <Show when={Number.isFinite(drawn().minG)}>
          , {drawn().minG.toFixed(2)}–{drawn().maxG.toFixed(2)} g
        </Show>
      </figcaption>
    </figure>
  );
}

/** "Heart rate 62 bpm (strap) · RR 968 ms · battery 85 %": the strap's newest readings, not averaged. */
export function strapWords(r: { bpm: number | null; rrMs: number | null; batteryPct: number | null }): string {
  const parts = [r.bpm === null ? 'Heart rate: waiting for the strap' : `Heart rate ${Math.round(r.bpm)} bpm (strap)`];
  if (r.rrMs !== null) parts.push(`RR ${Math.round(r.rrMs)} ms`);
  if (r.batteryPct !== null) parts.push(`battery ${r.batteryPct} %`);
  return parts.join(' · ');
}

function StrapReadings(props: { name: string }) {
  return (
    <section class="card" aria-labelledby="strap-h" data-testid="strap-readings">
      <h3 id="strap-h">Heart-rate strap</h3>
      <p data-testid="strap-heart-rate" data-bpm={strapReadings().bpm ?? ''} data-rr-ms={strapReadings().rrMs ?? ''}>
        <strong>{strapWords(strapReadings())}</strong>
      </p>
      <p class="muted">
        {props.name}
        {companionState() === 'streaming' ? '' : ` — ${companionState()}`}
      </p>
    </section>
  );
}

export function BodySignals(props: { hasPpg: boolean }) {
  return (
    <Show when={props.hasPpg || liveMotion() || companion()}>
      <div class="grid-2">
        <Show when={companion()}>{(strap) => <StrapReadings name={strap().name} />}</Show>
        <Show when={props.hasPpg}>
          <section class="card" aria-labelledby="heart-h" data-testid="heart-rate">
            <h3 id="heart-h">Heart rate</h3>
            <Show when={liveHeart()} fallback={<p class="muted">Waiting for 8 s of the optical (PPG) signal…</p>}>
              {(frame) => (
                <p data-testid="heart-rate-value" data-bpm={frame().heart.ok ? (frame().heart as { bpm: number }).bpm.toFixed(1) : ''}>
                  <strong class="big-figure">{heartWords(frame()).headline}</strong> <span class="muted">{heartWords(frame()).detail}</span>
                </p>
              )}
            </Show>
          </section>
        </Show>
        <Show when={liveMotion()}>
          {(series) => (
            <section class="card plot-panel" aria-labelledby="motion-h">
              <h3 id="motion-h">Motion</h3>
              <MotionPlot series={series()} />
            </section>
          )}
        </Show>
      </div>
    </Show>
  );
}
