// The Live screen's body signals beside the EEG: the heart rate from the optical (PPG) stream and a
// small plot of head motion (accelerometer magnitude, and beside it the gyroscope's where the source
// has one: Muse, Athena), all from the live-view worker
// (live-view-store.ts); a device without the stream shows neither. A heart-rate strap added beside
// the headset shows its own readings (bpm and the last RR interval, as the strap sent them) and the
// HRV of its last minute of RR (strap-hrv.ts).
import { Show } from 'solid-js';
import { liveGyro, liveHeart, liveMotion, motionTick, strapHrv } from './live-view-store.ts';
import { STRAP_HRV_SEC, strapHrvWords } from './strap-hrv.ts';
import { heartWords } from './heart-words.ts';
import { MOTION_WINDOW_SEC, type MotionSeries } from './motion-series.ts';
import { companion, companionState, strapReadings } from '../../app/studio.ts';

const WIDTH = 300;
const HEIGHT = 60;

/** What a motion plot shows: the accelerometer's magnitude in g or the gyroscope's in deg/s. */
interface MotionSensor {
  testId: string;
  unit: string;
  /** Least half-range of the plot (unit), so stillness looks still: 0.05 g, 5 deg/s. */
  leastHalf: number;
  digits: number;
  caption: string;
  label(series: MotionSeries): string;
}

const ACCEL: MotionSensor = {
  testId: 'motion-plot',
  unit: 'g',
  leastHalf: 0.05,
  digits: 2,
  caption: 'accelerometer magnitude (g)',
  label: (series) =>
    Number.isFinite(series.movementG())
      ? `Head motion over the last ${MOTION_WINDOW_SEC} s: ${series.latest().toFixed(2)} g now, moving ${series.movementG().toFixed(3)} g (standard deviation over 2 s).`
      : 'Head motion: waiting for the accelerometer.',
};

const GYRO: MotionSensor = {
  testId: 'gyro-plot',
  unit: 'deg/s',
  leastHalf: 5,
  digits: 0,
  caption: 'gyroscope angular speed (deg/s)',
  label: (series) =>
    Number.isFinite(series.latest())
      ? `Head rotation over the last ${MOTION_WINDOW_SEC} s: ${series.latest().toFixed(1)} deg/s now.`
      : 'Head rotation: waiting for the gyroscope.',
};

/** An SVG path of the series, scaled to its range (at least 2 × `leastHalf`); NaN breaks the line. */
function motionPath(values: Float32Array, leastHalf: number): { d: string; minG: number; maxG: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  if (!Number.isFinite(min)) return { d: '', minG: Number.NaN, maxG: Number.NaN };
  const centre = (min + max) / 2;
  const half = Math.max(leastHalf, (max - min) / 2);
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

function MotionPlot(props: { series: MotionSeries; sensor: MotionSensor }) {
  const drawn = () => (motionTick(), motionPath(props.series.values(), props.sensor.leastHalf));
  const label = () => (motionTick(), props.sensor.label(props.series));
  return (
    <figure class="motion-plot" data-testid={props.sensor.testId} data-points={drawn().d ? drawn().d.split(/[ML]/).length - 1 : 0}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" width="100%" height={HEIGHT} role="img" aria-label={label()}>
        <path d={drawn().d} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
      </svg>
      <figcaption class="muted plot-caption">
        {props.sensor.caption}, last {MOTION_WINDOW_SEC} s
        <Show when={Number.isFinite(drawn().minG)}>
          , {drawn().minG.toFixed(props.sensor.digits)}–{drawn().maxG.toFixed(props.sensor.digits)} {props.sensor.unit}
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
      <Show when={strapHrv() && strapHrvWords(strapHrv()!)}>
        {(words) => (
          <p data-testid="strap-hrv" data-rmssd-ms={strapHrv()!.rmssdMs!.toFixed(2)} data-sdnn-ms={strapHrv()!.sdnnMs!.toFixed(2)}>
            {words()} <span class="muted">(last {STRAP_HRV_SEC} s of RR)</span>
          </p>
        )}
      </Show>
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
              <MotionPlot series={series()} sensor={ACCEL} />
              <Show when={liveGyro()}>{(gyro) => <MotionPlot series={gyro()} sensor={GYRO} />}</Show>
            </section>
          )}
        </Show>
      </div>
    </Show>
  );
}
