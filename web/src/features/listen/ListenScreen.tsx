// Listen: brainwave audio from JONA. Presets (beat, carrier, noise bed), voices and their levels,
// schedules (SBaGen import with a timeline preview), render to WAV with progress, and
// neurofeedback set-up with the live loop latency.
import { For, Show, createMemo, createSignal } from 'solid-js';
import { PRESETS, programFromRequest, type Mode } from '../../../../dsp-wasm/src/jona/presets.ts';
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';
import { announce } from '../../app/announcer.ts';
import {
  audioStats,
  outputLatencySec,
  play,
  playing,
  playingProgram,
  playingSteps,
  programSecondsPlayed,
  setVoiceLevel,
  stop,
  voiceLevels,
  type ScheduleStep,
} from './audio-engine.ts';
import { startScheduleMarkers } from './schedule-markers.ts';
import { renderProgramToWav } from './render-wav.main.ts';
import { SchedulePanel } from './SchedulePanel.tsx';
import { NeurofeedbackPanel } from './NeurofeedbackPanel.tsx';
import { ListeningCheckCard } from './ListeningCheckCard.tsx';

const modes = Object.keys(PRESETS) as Mode[];

export default function ListenScreen() {
  const [mode, setMode] = createSignal<Mode>('relax');
  const [beatHz, setBeatHz] = createSignal(PRESETS.relax.beatHz);
  const [minutes, setMinutes] = createSignal(10);
  const [amplitude, setAmplitude] = createSignal(0.7);
  const [error, setError] = createSignal<string | null>(null);
  const [renderState, setRenderState] = createSignal<{ fraction: number; url?: string; error?: string } | null>(null);

  const program = createMemo(() => {
    try {
      const p = programFromRequest({ mode: mode(), frequency: beatHz(), duration: minutes() * 60, amplitude: amplitude() });
      setError(null);
      return p;
    } catch (e) {
      setError((e as Error).message);
      return null;
    }
  });

  const start = async (p: Program | null, label: string, steps?: ScheduleStep[]) => {
    if (!p) return;
    try {
      if (steps) startScheduleMarkers();
      await play(p, label, steps);
      announce(`Playing ${label}.`);
    } catch (e) {
      setError(`Audio could not start: ${(e as Error).message}`);
    }
  };
  // The step of a playing schedule that is heard now (the last one begun), for "Now playing".
  const currentStep = () => {
    const steps = playingSteps();
    if (!steps) return null;
    const at = programSecondsPlayed();
    return steps.filter((s) => s.atSec <= at).at(-1) ?? steps[0];
  };
  const renderWav = async (p: Program | null) => {
    if (!p) return;
    setRenderState({ fraction: 0 });
    try {
      const blob = await renderProgramToWav(p, (fraction) => setRenderState({ fraction }));
      setRenderState({ fraction: 1, url: URL.createObjectURL(blob) });
      announce('WAV file ready.');
    } catch (e) {
      setRenderState({ fraction: 0, error: (e as Error).message });
    }
  };

  return (
    <section aria-labelledby="listen-title">
      <h2 id="listen-title">Listen</h2>
      <p class="muted">Use headphones: binaural beats need each ear to get its own tone.</p>
      <ListeningCheckCard />
      <Show when={error()}>
        <div class="alert error" role="alert">
          {error()}
        </div>
      </Show>
      <div class="grid-2">
        <div class="card">
          <h3>Preset</h3>
          <label for="mode">Mode</label>
          <select
            id="mode"
            value={mode()}
            onChange={(e) => {
              const m = e.currentTarget.value as Mode;
              setMode(m);
              setBeatHz(PRESETS[m].beatHz);
            }}
          >
            <For each={modes}>
              {(m) => (
                <option value={m}>
                  {m} — {PRESETS[m].band} {PRESETS[m].beatHz} Hz
                </option>
              )}
            </For>
          </select>
          <div class="row">
            <div>
              <label for="beat">Beat (Hz)</label>
              <input
                id="beat"
                type="number"
                min="0.5"
                max="100"
                step="0.5"
                value={beatHz()}
                onChange={(e) => setBeatHz(Number(e.currentTarget.value))}
              />
            </div>
            <div>
              <label for="minutes">Length (min)</label>
              <input id="minutes" type="number" min="1" max="240" value={minutes()} onChange={(e) => setMinutes(Number(e.currentTarget.value))} />
            </div>
          </div>
          <label for="amplitude">Volume: {Math.round(amplitude() * 100)} %</label>
          <input
            id="amplitude"
            type="range"
            min="0"
            max="1"
            step="0.05"
            value={amplitude()}
            onInput={(e) => setAmplitude(Number(e.currentTarget.value))}
          />
          <div class="row" style={{ 'margin-top': '10px' }}>
            <button type="button" class="primary" onClick={() => void start(program(), `${mode()} ${beatHz()} Hz`)} data-testid="play-preset">
              Play
            </button>
            <button type="button" onClick={() => void stop()} disabled={!playing()}>
              Stop
            </button>
            <button type="button" onClick={() => void renderWav(program())} data-testid="render-wav">
              Render WAV
            </button>
          </div>
          <Show when={renderState()}>
            {(r) => (
              <div role="status" data-testid="render-state">
                <progress max="1" value={r().fraction} aria-label="Render progress" /> {Math.round(r().fraction * 100)} %
                <Show when={r().url}>
                  {' '}
                  <a href={r().url} download="clisonix.wav">
                    Download WAV
                  </a>
                </Show>
                <Show when={r().error}>
                  <span class="bad-text"> {r().error}</span>
                </Show>
              </div>
            )}
          </Show>
        </div>
        <div class="card" aria-live="polite">
          <h3>Now playing</h3>
          <Show when={playing()} fallback={<p class="muted">Nothing is playing.</p>}>
            <p data-testid="now-playing">
              <strong>{playing()}</strong>
            </p>
            <Show when={currentStep()}>
              {(step) => <p data-testid="now-playing-step">Step {step().text}; the schedule sets the tones and levels.</p>}
            </Show>
            {/* A schedule's voices change with its steps: the step above says what sounds. */}
            <For each={playingSteps() ? [] : (playingProgram()?.voices ?? [])}>
              {(v, i) => {
                const name = `Voice ${i() + 1}: ${v.kind}${v.carrierHz ? ` ${v.carrierHz} Hz` : ''}${v.beatHz ? ` ±${v.beatHz} Hz` : ''}`;
                return (
                  <Show when={!playingSteps()} fallback={<p data-testid="now-playing-voice">{name}</p>}>
                    <div>
                      <label for={`voice-${i()}`} data-testid="now-playing-voice">
                        {name} — {Math.round((voiceLevels()[i()] ?? v.level) * 100)} %
                      </label>
                      <input
                        id={`voice-${i()}`}
                        type="range"
                        min="0"
                        max="1"
                        step="0.05"
                        value={voiceLevels()[i()] ?? v.level}
                        onInput={(e) => setVoiceLevel(i(), Number(e.currentTarget.value))}
                      />
                    </div>
                  </Show>
                );
              }}
            </For>
            <Show when={audioStats()}>
              {(s) => (
                <p class="muted" data-testid="audio-stats">
                  Audio load {Math.round(s().budgetShare * 100)} % of budget · {s().underruns} underruns · output latency{' '}
                  {Math.round(outputLatencySec() * 1000)} ms
                </p>
              )}
            </Show>
          </Show>
        </div>
      </div>
      <SchedulePanel onPlay={(p, label, steps) => void start(p, label, steps)} onRender={(p) => void renderWav(p)} />
      <NeurofeedbackPanel />
    </section>
  );
}
