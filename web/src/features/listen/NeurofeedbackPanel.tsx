// Neurofeedback, shown and steered: metric (relaxation = relative alpha, focus = theta/beta), threshold
// and training direction, calibration (eyes open, eyes closed), then training. The loop itself runs in
// the neurofeedback worker (neurofeedback-store.ts): this panel only shows its status and sends the
// user's choices, so leaving the screen changes nothing. The mapping (what the EEG steers) is typed as
// JSON and shown in words; during training, where each mapped parameter is and where it is heading.
import { describeCalibration, describeProbability, describeScore } from './calibration-words.ts';
import { describeAge, describeDate, OLD_CALIBRATION_DAYS } from './calibration-store.ts';
import { cuesPlayed } from './cues.ts';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { PARAM_LIMITS, type FeedbackMapping } from '../../../../workers/audio/feedback-mapping.ts';
import { describeCondition, describeMapping, describeTarget } from '../../../../workers/audio/mapping-words.ts';
import type { TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';
import { nfStatus } from '../../app/neurofeedback-state.ts';
import { pauseWords } from '../../../../workers/analysis/artifact-gate.ts';
import { source } from '../../app/studio.ts';
import {
  CALIBRATION_SEC,
  calibrateStep,
  defaultMappingJson,
  nfChoices,
  nfError,
  loopLatencyNow,
  nfPacketisation,
  nfKeptCalibration,
  nfMapping,
  nfMappingText,
  nfNeedsCalibration,
  nfSchedule,
  nfSound,
  setNfChoices,
  setNfMappingText,
  setNfSound,
  setNfError,
  startTraining,
  stopTraining,
  useCalibration,
  useKeptCalibration,
} from './neurofeedback-store.ts';

/** 'Beat: 10.80 Hz (heading for 11.20 Hz)' for one mapped parameter during training. */
function describeState(m: FeedbackMapping, s: { value: number; target: number }): string {
  const unit = PARAM_LIMITS[m.target.param].unit;
  const v = (x: number) => (unit ? `${x.toFixed(2)} ${unit}` : `${Math.round(x * 100)} %`);
  return `${describeTarget(m)}: ${v(s.value)}${Math.abs(s.target - s.value) > 1e-6 ? ` (heading for ${v(s.target)})` : ''}`;
}

/** The probability on a 0-100 % track: its 95 % interval shaded, the estimate a mark (the words above say it for a screen reader). */
function ProbabilityBand(props: { p: { p: number; low: number; high: number } }) {
  const pct = (x: number) => `${Math.min(100, Math.max(0, x * 100)).toFixed(1)}%`;
  return (
    <div
      aria-hidden="true"
      data-testid="nf-probability-band"
      style={{ position: 'relative', height: '10px', background: 'var(--surface-2)', 'border-radius': '5px', margin: '4px 0 8px' }}
    >
      <div
        style={{
          position: 'absolute',
          left: pct(props.p.low),
          width: `calc(${pct(props.p.high)} - ${pct(props.p.low)})`,
          top: 0,
          bottom: 0,
          background: 'var(--border)',
          'border-radius': '5px',
        }}
      />
      <div
        style={{
          position: 'absolute',
          left: `calc(${pct(props.p.p)} - 1px)`,
          width: '3px',
          top: '-3px',
          bottom: '-3px',
          background: 'var(--accent)',
        }}
      />
    </div>
  );
}

export function NeurofeedbackPanel() {
  const phase = () => nfStatus()?.phase ?? 'idle';
  const calibrating = () => phase().startsWith('calibrating');
  const frames = () => nfStatus()?.calibrationFrames ?? { open: 0, closed: 0 };
  // The calibration's age in words moves on while the screen is open.
  const [nowMs, setNowMs] = createSignal(Date.now());
  const clock = setInterval(() => setNowMs(Date.now()), 30_000);
  onCleanup(() => clearInterval(clock));
  const kept = () => {
    const k = nfKeptCalibration();
    return k && k.calibration.madeAtMs !== nfStatus()?.calibration?.madeAtMs ? k : null;
  };
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
          <select
            id="nf-target"
            value={nfChoices().target}
            onChange={(e) => {
              const target = e.currentTarget.value as TrainingTarget;
              // A default mapping untouched follows the target (focus does not pull its beta beat to alpha).
              if (nfMappingText() === defaultMappingJson(nfChoices().target)) setNfMappingText(defaultMappingJson(target));
              choose({ target });
            }}
          >
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
          <label for="nf-sound">Sound</label>
          <select
            id="nf-sound"
            value={nfSound()}
            onChange={(e) => setNfSound(e.currentTarget.value as 'preset' | 'schedule')}
            disabled={phase() === 'training'}
          >
            <option value="preset">The preset for the metric</option>
            <option value="schedule" disabled={!nfSchedule()}>
              The schedule (Schedule card){nfSchedule()?.program.holds?.length ? ', with its conditions' : ''}
            </option>
          </select>
        </div>
        <label for="nf-mapping">What your EEG steers (mapping, JSON)</label>
        <textarea
          id="nf-mapping"
          rows="6"
          style={{ width: '100%', 'font-family': 'monospace' }}
          value={nfMappingText()}
          onInput={(e) => setNfMappingText(e.currentTarget.value)}
          disabled={phase() === 'training'}
          aria-describedby="nf-mapping-words"
        />
        <div class="row">
          <button type="button" onClick={() => setNfMappingText(defaultMappingJson(nfChoices().target))} disabled={phase() === 'training'}>
            Default mapping
          </button>
        </div>
        <div id="nf-mapping-words">
          <Show
            when={nfMapping().set}
            fallback={
              <p class="warn-text" role="alert" data-testid="nf-mapping-error">
                The mapping cannot be used: {nfMapping().error}
              </p>
            }
          >
            {(set) => (
              <ul data-testid="nf-mapping-words">
                <For each={set().mappings} fallback={<li>Nothing is mapped: the sound plays as written, paused on poor signal.</li>}>
                  {(m) => <li>{describeMapping(m)}</li>}
                </For>
              </ul>
            )}
          </Show>
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
          <button
            type="button"
            class="primary"
            onClick={run(startTraining)}
            disabled={(nfNeedsCalibration() && !nfStatus()?.calibration) || phase() === 'training' || nfMapping().error !== null}
          >
            Start training
          </button>
          <button type="button" onClick={run(stopTraining)} disabled={phase() !== 'training'}>
            Stop training
          </button>
        </div>
        <Show when={kept()}>
          {(k) => (
            <p data-testid="nf-kept-calibration">
              <button type="button" onClick={run(useKeptCalibration)} disabled={phase() === 'training' || calibrating()}>
                Use the calibration from {describeDate(k().calibration.madeAtMs)}
              </button>{' '}
              <span class="muted">
                Made {describeAge(k().calibration.madeAtMs, nowMs())} on {k().device}: {describeCalibration(k().calibration).text}
                {nowMs() - k().calibration.madeAtMs > OLD_CALIBRATION_DAYS * 86_400_000
                  ? ' It is over a month old: calibrating again is better.'
                  : ' Or calibrate again to replace it.'}
              </span>
            </p>
          )}
        </Show>
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
              <Show when={cal().madeAtMs}>
                {(at) => (
                  <p class="muted" data-testid="nf-calibration-age">
                    Calibrated {describeAge(at(), nowMs())} ({describeDate(at())}), kept for this headset; calibrate again to redo it.
                  </p>
                )}
              </Show>
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
              {/* Said to screen readers by the store (announcer), so not a live region here. */}
              <Show when={o().paused}>
                <p data-testid="nf-pause" data-reason={o().pauseReason ?? ''}>
                  {pauseWords(o().pauseReason ?? 'poor signal')}
                </p>
              </Show>
              <Show when={Number.isFinite(o().score)}>
                <p>
                  Score {o().score.toFixed(2)} · threshold {o().threshold.toFixed(2)} ·{' '}
                  {o().paused ? 'paused' : o().rewarded ? 'rewarded' : 'not rewarded'} · reward rate {Math.round(o().rewardRate * 100)} %
                </p>
              </Show>
              <p class="muted" data-testid="nf-score-words">
                {describeScore(o(), nfChoices().direction)}
              </p>
              <Show when={describeProbability(o(), nfStatus()?.calibration?.target ?? nfChoices().target)}>
                {(words) => (
                  <>
                    <p data-testid="nf-probability">{words()}</p>
                    <ProbabilityBand p={o().probability!} />
                  </>
                )}
              </Show>
            </div>
          )}
        </Show>
        <Show when={phase() === 'training' && nfStatus()?.mapping}>
          {(mapping) => (
            <ul
              class="muted"
              data-testid="nf-mapping-state"
              data-values={mapping()
                .states.map((s) => s.value.toFixed(3))
                .join(',')}
            >
              <For each={mapping().mappings}>{(m, i) => <li>{describeState(m, mapping().states[i()]!)}</li>}</For>
            </ul>
          )}
        </Show>
        <Show when={phase() === 'training' && nfStatus()?.schedule}>
          {(schedule) => (
            <p data-testid="nf-schedule" data-passed={schedule().passed.length}>
              <Show when={schedule().step} fallback={schedule().done ? 'The schedule has no more conditions.' : ''}>
                {(step) => (
                  <>
                    {step().holding ? 'Holding' : 'Playing'} {step().label}
                    {step().mode === 'hold' ? ' until ' : '; it goes on early when '}
                    {describeCondition(step().condition)}
                    {step().trueSec > 0 ? ` (true for ${Math.floor(step().trueSec)} s)` : ''}
                    {step().holding ? `; waited ${Math.floor(step().heldSec)} s` : ''}.
                  </>
                )}
              </Show>
              <For each={schedule().passed}>
                {(p) => (
                  <span class="muted">
                    {' '}
                    {p.label} went on{' '}
                    {p.how === 'condition' ? 'when its condition held' : p.how === 'time' ? 'at its time' : 'after the longest wait'}.
                  </span>
                )}
              </For>
            </p>
          )}
        </Show>
        <Show when={phase() === 'training' && nfStatus()?.entrainment}>
          {(e) => (
            <p data-testid="nf-entrainment" data-verdict={e().result?.verdict ?? 'not enough data'}>
              {e().words}
            </p>
          )}
        </Show>
        <Show when={nfStatus()?.latency}>
          {(l) => (
            <p class="muted" data-testid="nf-latency" data-measured-on={loopLatencyNow(l()).measuredOn}>
              Loop latency (newest sample → sound out,{' '}
              {loopLatencyNow(l()).measuredOn === 'output'
                ? `measured on the rendered audio over ${loopLatencyNow(l()).count} updates`
                : 'estimated: sent plus the output latency'}
              ): median {Math.round(loopLatencyNow(l()).p50Ms)} ms, 95th percentile {Math.round(loopLatencyNow(l()).p95Ms)} ms. Apart from it: the
              analysed window {(l().windowMs / 1000).toFixed(1)} s (its own delay {Math.round(l().windowDelayMs)} ms) and filter delay{' '}
              {Math.round(l().filterDelayMs)} ms{l().filterDelayMs === 0 ? ' (no causal filter before the band powers)' : ''}
              <Show when={nfPacketisation()}>
                {(p) => `; the headset sends ${+p().samplesPerPacket.toFixed(1)} samples a packet (${+p().ms.toFixed(1)} ms)`}
              </Show>
              .
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}
