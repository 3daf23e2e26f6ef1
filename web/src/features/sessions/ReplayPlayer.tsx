// The replay player under Live's toolbar: position and length, play/pause, a position slider (seek on
// release, or with the arrow keys), 1x-8x, and the session's markers as buttons that seek to them
// (to just after the marker's sample, so that it is the newest sample drawn).
import { For, Show, createSignal, onCleanup } from 'solid-js';
import { announce } from '../../app/announcer.ts';
import { studioDb, swapReplaySource } from '../../app/studio.ts';
import { REPLAY_SPEEDS, type ReplaySpeed } from './replay-clock.ts';
import { createReplaySource, type ReplayControl } from './replay-source.ts';

/** m:ss (h:mm:ss from an hour). */
export function formatPosition(sec: number): string {
  const s = Math.floor(sec);
  const two = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

export default function ReplayPlayer(props: { replay: ReplayControl }) {
  const clock = () => props.replay.clock;
  const [position, setPosition] = createSignal(clock().position());
  const [playing, setPlaying] = createSignal(clock().playing());
  const [speed, setSpeed] = createSignal<ReplaySpeed>(clock().speed());
  const [dragging, setDragging] = createSignal<number | null>(null);
  const refresh = () => {
    setPosition(clock().position());
    setPlaying(clock().playing());
    setSpeed(clock().speed());
  };
  const timer = setInterval(refresh, 250);
  const off = clock().onChange(refresh);
  onCleanup(() => {
    clearInterval(timer);
    off();
  });
  const seek = async (sec: number) => {
    clock().seek(sec);
    refresh();
    await swapReplaySource(await createReplaySource(await studioDb(), props.replay.session, clock()));
    announce(`Replay at ${formatPosition(clock().position())}.`);
  };
  const toggle = () => {
    if (clock().playing()) clock().pause();
    else clock().play();
    announce(clock().playing() ? 'Replay playing.' : `Replay paused at ${formatPosition(clock().position())}.`);
  };
  const rate = () => props.replay.session.streams[0]?.sampleRateHz ?? 1;
  const markers = () =>
    props.replay.session.markers
      .map((m) => ({ text: m.text, sec: m.sample !== undefined ? m.sample / rate() : m.atMs / 1000 }))
      .sort((a, b) => a.sec - b.sec);
  return (
    <fieldset
      class="card replay-player"
      data-testid="replay-player"
      data-position-sec={position().toFixed(2)}
      data-playing={playing() ? 'true' : 'false'}
    >
      <legend>Replay</legend>
      <div class="row">
        <button type="button" onClick={toggle} data-testid="replay-toggle">
          {playing() ? 'Pause' : 'Play'}
        </button>
        <output data-testid="replay-position" aria-live="off">
          {formatPosition(dragging() ?? position())} / {formatPosition(props.replay.lengthSec)}
        </output>
        <input
          type="range"
          aria-label="Replay position, seconds"
          data-testid="replay-seek"
          min="0"
          max={props.replay.lengthSec}
          step="0.1"
          value={dragging() ?? position()}
          aria-valuetext={`${formatPosition(dragging() ?? position())} of ${formatPosition(props.replay.lengthSec)}`}
          onInput={(e) => setDragging(Number(e.currentTarget.value))}
          onChange={(e) => {
            const sec = Number(e.currentTarget.value); // before setDragging(null) puts the old position back
            setDragging(null);
            void seek(sec);
          }}
        />
        <label>
          Speed{' '}
          <select
            data-testid="replay-speed"
            value={String(speed())}
            onChange={(e) => {
              clock().setSpeed(Number(e.currentTarget.value) as ReplaySpeed);
              announce(`Replay at ${clock().speed()}× speed.`);
            }}
          >
            <For each={REPLAY_SPEEDS}>{(s) => <option value={String(s)}>{s}×</option>}</For>
          </select>
        </label>
      </div>
      <Show when={markers().length > 0}>
        <ul class="replay-markers" aria-label="Markers">
          <For each={markers()}>
            {(m) => (
              <li>
                <button type="button" data-testid="replay-marker" data-sec={m.sec.toFixed(3)} onClick={() => void seek(m.sec + 1 / rate())}>
                  {formatPosition(m.sec)} {m.text}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </fieldset>
  );
}
