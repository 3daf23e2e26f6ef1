// Headphones and volume, before binaural beats: a left/right check and a hearing-level check that sets
// the starting volume (listening-check.ts), both skippable, kept in Settings and redoable here.
import { Show, createSignal, onCleanup } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { settings, updateSettings } from '../../app/settings.ts';
import {
  describeChannels,
  describeGainDb,
  judgeChannels,
  startingGainFromThreshold,
  type Ear,
  type Heard,
  type ListeningCheck,
} from './listening-check.ts';
import { playChannelTone, startRisingTone, stopTone } from './listening-tones.main.ts';

type Step = { kind: 'idle' } | { kind: 'channel'; ear: Ear; leftHeard?: Heard } | { kind: 'hearing'; gainNow: () => number | null };

const EMPTY: ListeningCheck = { checkedAtMs: 0, skipped: false, channels: null, swapChannels: false, thresholdGain: null, startingGain: null };

function keep(patch: Partial<ListeningCheck>): void {
  updateSettings({ listening: { ...EMPTY, ...settings().listening, skipped: false, ...patch, checkedAtMs: Date.now() } });
}

/** What the kept checks found, in words. */
function summaryOf(c: ListeningCheck): string {
  const parts: string[] = [];
  if (c.skipped && c.channels === null && c.startingGain === null) parts.push('Checks skipped.');
  if (c.channels) parts.push(describeChannels(c.channels, c.swapChannels));
  if (c.startingGain !== null && c.thresholdGain !== null)
    parts.push(`Sound starts at ${describeGainDb(c.startingGain)} (you heard the tone at ${describeGainDb(c.thresholdGain)}).`);
  return parts.join(' ');
}

export function ListeningCheckCard() {
  const [step, setStep] = createSignal<Step>({ kind: 'idle' });
  const [problem, setProblem] = createSignal<string | null>(null);
  let notHeardTimer: ReturnType<typeof setInterval> | undefined;
  onCleanup(() => {
    clearInterval(notHeardTimer);
    stopTone();
  });
  const check = () => settings().listening;

  const playEar = async (ear: Ear, leftHeard?: Heard) => {
    setProblem(null);
    setStep({ kind: 'channel', ear, ...(leftHeard ? { leftHeard } : {}) });
    try {
      await playChannelTone(ear);
      announce(`A tone plays in one ear. Where did you hear it?`);
    } catch (e) {
      setProblem(`The tone could not play: ${(e as Error).message}`);
    }
  };
  const answer = (heard: Heard) => {
    const s = step();
    if (s.kind !== 'channel') return;
    if (s.ear === 'left') return void playEar('right', heard);
    stopTone();
    const verdict = judgeChannels(s.leftHeard ?? 'neither', heard);
    keep({ channels: verdict, swapChannels: verdict === 'swapped' ? (check()?.swapChannels ?? false) : false });
    setStep({ kind: 'idle' });
    announce(describeChannels(verdict, false));
  };
  const startHearing = async () => {
    setProblem(null);
    try {
      const tone = await startRisingTone();
      setStep({ kind: 'hearing', gainNow: tone.gainNow });
      announce('A tone rises slowly from very quiet. Press "I hear it now" as soon as you hear it.');
      notHeardTimer = setInterval(() => {
        if (tone.gainNow() !== null) return;
        clearInterval(notHeardTimer);
        stopTone();
        setStep({ kind: 'idle' });
        setProblem('The tone was not heard even at -20 dBFS: check that the headphones are connected and their volume is up, then check again.');
      }, 200);
    } catch (e) {
      setProblem(`The tone could not play: ${(e as Error).message}`);
    }
  };
  const heardNow = () => {
    const s = step();
    if (s.kind !== 'hearing') return;
    const threshold = s.gainNow();
    clearInterval(notHeardTimer);
    stopTone();
    setStep({ kind: 'idle' });
    if (threshold === null) return;
    const startingGain = startingGainFromThreshold(threshold);
    keep({ thresholdGain: threshold, startingGain });
    announce(`Heard at ${describeGainDb(threshold)}: sound starts at ${describeGainDb(startingGain)}.`);
  };
  const skip = () => {
    stopTone();
    setStep({ kind: 'idle' });
    updateSettings({ listening: { ...EMPTY, ...check(), skipped: true, checkedAtMs: Date.now() } });
    announce('Headphone checks skipped. You can do them later here.');
  };

  return (
    <div class="card" data-testid="listening-check">
      <h3 id="listening-check-title">Headphones and volume</h3>
      <p class="muted">Binaural beats need headphones: check that left and right are where they should be, and start at a volume you hear well.</p>
      <Show when={check()} fallback={<p data-testid="listening-summary">Not checked yet.</p>}>
        {(c) => (
          <p data-testid="listening-summary" data-swapped={String(c().swapChannels)} data-starting-gain={c().startingGain ?? ''}>
            {summaryOf(c())}
          </p>
        )}
      </Show>
      <Show when={check()?.channels === 'swapped'}>
        <label>
          <input
            type="checkbox"
            checked={check()?.swapChannels ?? false}
            onChange={(e) => keep({ swapChannels: e.currentTarget.checked })}
            data-testid="swap-channels"
          />{' '}
          Swap left and right for all sound (binaural beats included)
        </label>
      </Show>
      <Show when={step().kind === 'idle'}>
        <div class="row">
          <button type="button" onClick={() => void playEar('left')}>
            Check left and right
          </button>
          <button type="button" onClick={() => void startHearing()}>
            Check hearing level
          </button>
          <Show when={!check()}>
            <button type="button" onClick={skip}>
              Skip the checks
            </button>
          </Show>
        </div>
      </Show>
      <Show when={step().kind === 'channel' ? (step() as Extract<Step, { kind: 'channel' }>) : null}>
        {(s) => (
          <fieldset data-testid="listening-step" data-ear={s().ear}>
            <legend>Step {s().ear === 'left' ? 1 : 2} of 2: a tone plays in one ear. Where did you hear it?</legend>
            <div class="row">
              <button type="button" onClick={() => answer('left')}>
                I heard it on the left
              </button>
              <button type="button" onClick={() => answer('right')}>
                I heard it on the right
              </button>
              <button type="button" onClick={() => answer('both')}>
                In both ears
              </button>
              <button type="button" onClick={() => answer('neither')}>
                Not at all
              </button>
              <button type="button" onClick={() => void playChannelTone(s().ear)}>
                Play it again
              </button>
            </div>
          </fieldset>
        )}
      </Show>
      <Show when={step().kind === 'hearing'}>
        <div class="row" data-testid="hearing-step">
          <button type="button" onClick={heardNow}>
            I hear it now
          </button>
          <button type="button" onClick={skip}>
            Skip
          </button>
        </div>
      </Show>
      <Show when={problem()}>
        <p role="alert">{problem()}</p>
      </Show>
    </div>
  );
}
