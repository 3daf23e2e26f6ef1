// Neurofeedback, shown and steered: metric (relaxation = relative alpha, focus = theta/beta), threshold
// and training direction, calibration (eyes open, eyes closed), then training. The loop itself runs in
// the neurofeedback worker (neurofeedback-store.ts): this panel only shows its status and sends the
// user's choices, so leaving the screen changes nothing.
import { describeCalibration, describeScore } from './calibration-words.ts';
import { cuesPlayed } from './cues.ts';
import { Show } from 'solid-js';
import type { TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';
import { nfStatus } from '../../app/neurofeedback-state.ts';
import { source } from '../../app/studio.ts';
import {
  CALIBRATION_SEC,
  calibrateStep,
  nfChoices,
  nfError,
  setNfChoices,
  setNfError,
  startTraining,
  stopTraining,
  useCalibration,
} from './neurofeedback-store.ts';

export function NeurofeedbackPanel() {
  const phase = () => nfStatus()?.phase ?? 'idle';
  const calibrating = () => phase().startsWith('calibrating');
  const frames = () => nfStatus()?.calibrationFrames ?? { open: 0, closed: 0 };
  const choose = (change: Partial<ReturnType<typeof nfChoices>>) => setNfChoices({ ...nfChoices(), ...change });
  const run = (action: () => unknown) => () => {
    try {
      const result = action();
      if (result instanceof Promise) result.catch((e: Error) => setNfError(e.message));
    } catch (e) {
      setNfError((e as Error).message);
    }
  };
  return (
    <section class="card" aria-labelledby="nf-h">
      <h3 id="nf-h">Neurofeedback</h3>
      <Show
        when={source() || phase() === 'training'}
        fallback={<p class="muted">Connect a headset (or the synthetic headset) to calibrate and train.</p>}
      >
        <div class="row">
          <label for="nf-target">Metric</label>
          <select id="nf-target" value={nfChoices().target} onChange={(e) => choose({ target: e.currentTarget.value as TrainingTarget })}>
            <option value="relaxation">Relaxation (relative alpha)</option>
            <option value="focus">Focus (theta/beta ratio)</option>
          </select>
          <label for="nf-direction">Training</label>
          <select id="nf-direction" value={nfChoices().direction} onChange={(e) => choose({ direction: e.currentTarget.value as 'up' | 'down' })}>
            <option value="up">Up (reward above threshold)</option>
            <option value="down">Down (reward below threshold)</option>
          </select>
          <label for="nf-threshold">Threshold {nfChoices().threshold.toFixed(2)}</label>
          <input
            id="nf-threshold"
            type="range"
            min="0"
            max="1"
            step="0.05"
            value={nfChoices().threshold}
            onInput={(e) => choose({ threshold: Number(e.currentTarget.value) })}
          />
          <label style={{ 'font-weight': 'normal' }}>
            <input type="checkbox" checked={nfChoices().auto} onChange={(e) => choose({ auto: e.currentTarget.checked })} /> Auto-threshold (60 %
            rewards)
          </label>
        </div>
        <div class="row">
          <button type="button" onClick={run(() => calibrateStep('open'))} disabled={phase() !== 'idle'}>
            Calibrate: eyes open ({frames().open})
          </button>
          <button type="button" onClick={run(() => calibrateStep('closed'))} disabled={phase() !== 'idle'}>
            Calibrate: eyes closed ({frames().closed})
          </button>
          <button type="button" onClick={run(useCalibration)} disabled={phase() !== 'idle' || !frames().open || !frames().closed}>
            Use calibration
          </button>
          <button type="button" class="primary" onClick={run(startTraining)} disabled={!nfStatus()?.calibration || phase() === 'training'}>
            Start training
          </button>
          <button type="button" onClick={run(stopTraining)} disabled={phase() !== 'training'}>
            Stop training
          </button>
        </div>
        <Show when={calibrating()}>
          <p role="status" data-testid="nf-countdown" data-cues={cuesPlayed().length}>
            Calibrating ({phase() === 'calibrating-open' ? 'eyes open' : 'eyes closed'})…{' '}
            {Math.ceil(nfStatus()?.calibrationLeftSec ?? CALIBRATION_SEC)} s left · a tone marks the start, two tones the end
          </p>
        </Show>
        <Show when={nfStatus()?.calibration}>
          {(cal) => (
            <div data-testid="nf-calibration" data-cues={cuesPlayed().join(',')}>
              <p>{describeCalibration(cal()).text}</p>
              <Show when={describeCalibration(cal()).warn}>
                {(warn) => (
                  <p class="warn-text" role="alert">
                    {warn()}
                  </p>
                )}
              </Show>
            </div>
          )}
        </Show>
        <Show when={nfError() ?? nfStatus()?.error}>
          <div class="alert error" role="alert">
            {nfError() ?? nfStatus()?.error}
          </div>
        </Show>
        <Show when={phase() === 'training' && nfStatus()?.output}>
          {(o) => (
            <div data-testid="nf-output" data-updates={nfStatus()?.updates ?? 0}>
              <p>
                Score {o().score.toFixed(2)} · threshold {o().threshold.toFixed(2)} ·{' '}
                {o().paused ? 'paused (poor signal)' : o().rewarded ? 'rewarded' : 'not rewarded'} · reward rate {Math.round(o().rewardRate * 100)} %
              </p>
              <p class="muted" data-testid="nf-score-words">
                {describeScore(o(), nfChoices().direction)}
              </p>
            </div>
          )}
        </Show>
        <Show when={nfStatus()?.latency}>
          {(l) => (
            <p class="muted" data-testid="nf-latency">
              Loop latency (newest sample → sound out): median {Math.round(l().p50Ms)} ms, 95th percentile {Math.round(l().p95Ms)} ms
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}
