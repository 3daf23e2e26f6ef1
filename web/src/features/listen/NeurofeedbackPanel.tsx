// Neurofeedback set-up: metric (relaxation = relative alpha, focus = theta/beta), threshold and
// training direction, calibration (eyes open, eyes closed), then the loop: each live analysis frame
// moves the sound (JONA worklet events); the loop latency from cutting the analysed window to the
// sound leaving the speakers is measured and shown.
import { Show, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js';
import { programFromRequest } from '../../../../dsp-wasm/src/jona/presets.ts';
import { calibrate, makeLatencyMeter, makeNeurofeedback, toEvents, type AnalysisFrame, type Calibration, type FeedbackOutput, type TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';
import { announce } from '../../app/announcer.ts';
import { source } from '../../app/studio.ts';
import { LiveBuffer } from '../live/live-buffer.ts';
import { createLiveAnalysis } from '../live/live-analysis.ts';
import type { LiveAnalysisFrame } from '../live/analysis-frame.ts';
import { outputLatencySec, play, sendEvents } from './audio-engine.ts';
import { makeLatencySaver } from './latency-to-session.ts';

const CALIBRATION_SEC = 20;

/** The neurofeedback view of one analysis frame (means over channels). */
export function toFeedbackFrame(frame: LiveAnalysisFrame): AnalysisFrame {
  const channels = Object.values(frame.result.channels);
  const withBands = channels.filter((c) => c.bands);
  const mean = (f: (c: (typeof channels)[number]) => number, list = withBands) => (list.length ? list.reduce((s, c) => s + f(c), 0) / list.length : NaN);
  return {
    deviceTimeMs: frame.windowCutPerfMs ?? performance.now(),
    relativeAlpha: mean((c) => c.bands!.relative.alpha),
    thetaBetaRatio: mean((c) => c.bands!.absolute.theta) / mean((c) => c.bands!.absolute.beta),
    signalQuality: mean((c) => c.quality.score, channels),
  };
}

export function NeurofeedbackPanel() {
  const [target, setTarget] = createSignal<TrainingTarget>('relaxation');
  const [direction, setDirection] = createSignal<'up' | 'down'>('up');
  const [threshold, setThreshold] = createSignal(0.5);
  const [auto, setAuto] = createSignal(true);
  const [phase, setPhase] = createSignal<'idle' | 'open' | 'closed' | 'training'>('idle');
  const [frames, setFrames] = createSignal<{ open: AnalysisFrame[]; closed: AnalysisFrame[] }>({ open: [], closed: [] });
  const [calibration, setCalibration] = createSignal<Calibration | null>(null);
  const [output, setOutput] = createSignal<FeedbackOutput | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [latency, setLatency] = createSignal<{ p50: number; p95: number } | null>(null);

  const eeg = createMemo(() => source()?.streams[0]);
  const buffer = createMemo(() => (eeg() ? new LiveBuffer(eeg()!.channels.length, eeg()!.sampleRateHz, 4) : null));
  createEffect(() => {
    const src = source();
    const buf = buffer();
    const stream = eeg();
    if (!src || !buf || !stream) return;
    onCleanup(src.subscribe((b) => b.streamId === stream.id && buf.write(b.firstSample, b.channels)));
  });

  let loop: ReturnType<typeof makeNeurofeedback> | undefined;
  const meter = makeLatencyMeter();
  const latencySaver = makeLatencySaver(setError);
  onCleanup(() => latencySaver.flush());

  return (
    <div class="card" aria-labelledby="nf-h">
      <h3 id="nf-h">Neurofeedback</h3>
      <Show when={buffer()} keyed fallback={<p class="muted">Connect a headset (or the synthetic headset) to calibrate and train.</p>}>
        {(buf) => {
          const analysis = createLiveAnalysis(buf, eeg()!.channels);
          createEffect(
            on(analysis.frame, (frame) => {
              if (!frame) return;
              const f = toFeedbackFrame(frame);
              if (phase() === 'open' || phase() === 'closed') {
                const key = phase() === 'open' ? 'open' : 'closed';
                setFrames({ ...frames(), [key]: [...frames()[key], f] });
              } else if (phase() === 'training' && loop) {
                const out = loop.update(f);
                setOutput(out);
                if (sendEvents(toEvents(out))) {
                  meter.record(f.deviceTimeMs, performance.now() + outputLatencySec() * 1000);
                  setLatency({ p50: meter.percentile(50), p95: meter.percentile(95) });
                  latencySaver.offer({ p50Ms: meter.percentile(50), p95Ms: meter.percentile(95), filterDelayMs: out.filterDelayMs, updates: meter.count });
                }
              }
            }),
          );
          const runCalibration = (which: 'open' | 'closed') => {
            setFrames({ ...frames(), [which]: [] });
            setPhase(which);
            announce(which === 'open' ? `Eyes open, relax for ${CALIBRATION_SEC} seconds.` : `Close your eyes for ${CALIBRATION_SEC} seconds.`);
            setTimeout(() => {
              setPhase('idle');
              announce('Calibration step done.');
            }, CALIBRATION_SEC * 1000);
          };
          const finishCalibration = () => {
            try {
              setCalibration(calibrate(frames().open, frames().closed, target()));
              setError(null);
            } catch (e) {
              setError((e as Error).message);
            }
          };
          const startTraining = async () => {
            const cal = calibration();
            if (!cal) return;
            loop = makeNeurofeedback({ calibration: cal, direction: direction(), threshold: threshold(), targetRewardRate: auto() ? 0.6 : undefined });
            const program = programFromRequest({ mode: target() === 'relaxation' ? 'relax' : 'focus', frequency: target() === 'relaxation' ? 10 : 18, duration: 3600, amplitude: 0.7 });
            program.voices.push({ kind: 'bell', level: 0.4, carrierHz: 880 });
            await play(program, 'Neurofeedback');
            setPhase('training');
            announce('Training started.');
          };
          return (
            <>
              <div class="row">
                <label for="nf-target">Metric</label>
                <select id="nf-target" value={target()} onChange={(e) => setTarget(e.currentTarget.value as TrainingTarget)}>
                  <option value="relaxation">Relaxation (relative alpha)</option>
                  <option value="focus">Focus (theta/beta ratio)</option>
                </select>
                <label for="nf-direction">Training</label>
                <select id="nf-direction" value={direction()} onChange={(e) => setDirection(e.currentTarget.value as 'up' | 'down')}>
                  <option value="up">Up (reward above threshold)</option>
                  <option value="down">Down (reward below threshold)</option>
                </select>
                <label for="nf-threshold">Threshold {threshold().toFixed(2)}</label>
                <input id="nf-threshold" type="range" min="0" max="1" step="0.05" value={threshold()} onInput={(e) => setThreshold(Number(e.currentTarget.value))} />
                <label style={{ 'font-weight': 'normal' }}><input type="checkbox" checked={auto()} onChange={(e) => setAuto(e.currentTarget.checked)} /> Auto-threshold (60 % rewards)</label>
              </div>
              <div class="row">
                <button onClick={() => runCalibration('open')} disabled={phase() !== 'idle'}>Calibrate: eyes open ({frames().open.length})</button>
                <button onClick={() => runCalibration('closed')} disabled={phase() !== 'idle'}>Calibrate: eyes closed ({frames().closed.length})</button>
                <button onClick={finishCalibration} disabled={phase() !== 'idle' || !frames().open.length || !frames().closed.length}>Use calibration</button>
                <button class="primary" onClick={() => void startTraining()} disabled={!calibration() || phase() === 'training'}>Start training</button>
                <button onClick={() => { setPhase('idle'); announce('Training stopped.'); }} disabled={phase() !== 'training'}>Stop training</button>
              </div>
              <Show when={phase() === 'open' || phase() === 'closed'}><p role="status">Calibrating ({phase() === 'open' ? 'eyes open' : 'eyes closed'})…</p></Show>
              <Show when={error()}><div class="alert error" role="alert">{error()}</div></Show>
              <Show when={output()}>
                {(o) => (
                  <p data-testid="nf-output">
                    Score {o().score.toFixed(2)} · threshold {o().threshold.toFixed(2)} · {o().paused ? 'paused (poor signal)' : o().rewarded ? 'rewarded' : 'not rewarded'} · reward rate {Math.round(o().rewardRate * 100)} %
                  </p>
                )}
              </Show>
              <Show when={latency()}>{(l) => <p class="muted" data-testid="nf-latency">Loop latency (window cut → sound out): median {Math.round(l().p50)} ms, 95th percentile {Math.round(l().p95)} ms</p>}</Show>
            </>
          );
        }}
      </Show>
    </div>
  );
}
