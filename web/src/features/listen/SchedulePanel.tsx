// Schedules: an SBaGen (.sbg) sequence pasted or opened, compiled by JONA with a timeline preview.
import { For, Show, createSignal } from 'solid-js';
import type { Program } from '../../../../dsp-wasm/src/jona/program.ts';
import type { ScheduleStep } from './audio-engine.ts';
import type { TimelineEntry } from '../../../../dsp-wasm/src/jona/sbagen-program.ts';
import { setNfSchedule } from './neurofeedback-store.ts';

const EXAMPLE = `# Alpha relaxation: 10 Hz fading to 8 Hz
base: 200+10/40 pink/20
slow: 200+8/40 pink/25
off: -
NOW base
+00:05:00 == slow
+00:15:00 off`;

const clock = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`;

/** A timeline period as a schedule step for markers: 'slow (binaural 200+8 Hz, pink 25 %)'. */
const stepOf = (entry: TimelineEntry): ScheduleStep => ({ atSec: entry.startSec, text: `${entry.toneSet} (${entry.tones.join(', ')})` });

export function SchedulePanel(props: { onPlay: (p: Program, label: string, steps: ScheduleStep[]) => void; onRender: (p: Program) => void }) {
  const [text, setText] = createSignal(EXAMPLE);
  const [timeline, setTimeline] = createSignal<TimelineEntry[]>([]);
  const [warnings, setWarnings] = createSignal<string[]>([]);
  const [error, setError] = createSignal<string | null>(null);
  const [program, setProgram] = createSignal<Program | null>(null);

  const compile = async () => {
    try {
      const { sbgToProgram } = await import('../../../../dsp-wasm/src/jona/sbagen-program.ts');
      const result = sbgToProgram(text(), { openEndSec: 600 });
      setTimeline(result.timeline);
      setWarnings(result.warnings);
      setProgram(result.program);
      // Neurofeedback training can play it, and run its #@ conditions.
      setNfSchedule({ program: result.program, label: 'SBaGen schedule' });
      setError(null);
    } catch (e) {
      setError((e as Error).message);
      setProgram(null);
      setNfSchedule(null);
      setTimeline([]);
    }
  };

  return (
    <div class="card">
      <h3>Schedule (SBaGen)</h3>
      <label for="sbg-text">Sequence</label>
      <textarea
        id="sbg-text"
        rows="7"
        style={{ width: '100%', 'font-family': 'monospace' }}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="row">
        <label for="sbg-file" class="sr-only">
          Open an .sbg file
        </label>
        <input
          id="sbg-file"
          type="file"
          accept=".sbg,.txt"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            if (f) {
              setText(await f.text());
              await compile();
            }
          }}
        />
        <button type="button" onClick={() => void compile()} data-testid="sbg-preview">
          Preview timeline
        </button>
        <button
          type="button"
          class="primary"
          disabled={!program()}
          onClick={() => props.onPlay(program()!, 'SBaGen schedule', timeline().map(stepOf))}
        >
          Play schedule
        </button>
        <button type="button" disabled={!program()} onClick={() => props.onRender(program()!)}>
          Render schedule to WAV
        </button>
      </div>
      <Show when={error()}>
        <div class="alert error" role="alert">
          {error()}
        </div>
      </Show>
      <Show when={warnings().length}>
        <ul class="warn-text">
          <For each={warnings()}>{(w) => <li>{w}</li>}</For>
        </ul>
      </Show>
      <Show when={timeline().length}>
        <table data-testid="sbg-timeline">
          <caption class="sr-only">Schedule timeline</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Tone-set</th>
              <th scope="col">Entered by</th>
              <th scope="col">Tones</th>
              <Show when={timeline().some((t) => t.condition)}>
                <th scope="col">Waits for (when trained)</th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={timeline()}>
              {(t) => (
                <tr>
                  <td>{clock(t.startSec)}</td>
                  <td>{clock(t.endSec)}</td>
                  <td>{t.toneSet}</td>
                  <td>{t.transition}</td>
                  <td>{t.tones.join(', ')}</td>
                  <Show when={timeline().some((e) => e.condition)}>
                    <td>{t.condition ?? '—'}</td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}
