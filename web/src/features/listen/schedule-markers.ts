// While a schedule plays during a recording, each of its steps that begins is marked on the
// recording ("Schedule: slow (binaural 200+8 Hz, pink 25 %)", source 'schedule'), at the host time
// its first sound is heard (the audio clock, output latency included), so the marker lands on the
// EEG sample taken then however late this page gets to it. Steps that began before Record are not
// marked; a step whose time has not come yet waits for the next check.
import { createEffect, createRoot, on, onCleanup } from 'solid-js';
import { recorder } from '../../app/studio.ts';
import { heardAtHostMs, playingSteps, type ScheduleStep } from './audio-engine.ts';

/** How often steps are checked (ms); the marker's time comes from the audio clock, not this timer. */
const CHECK_MS = 500;

let started = false;

/** Starts following the playing schedule and the recording; later calls do nothing. */
export function startScheduleMarkers(): void {
  if (started) return;
  started = true;
  createRoot(() => {
    createEffect(
      on(playingSteps, (steps) => {
        if (!steps) return;
        const marked = new Set<number>();
        const timer = setInterval(() => void check(steps, marked), CHECK_MS);
        // Runs until this schedule stops or another program replaces it (the effect runs again).
        onCleanup(() => clearInterval(timer));
      }),
    );
  });
}

let checking = false;

async function check(steps: ScheduleStep[], marked: Set<number>): Promise<void> {
  const rec = recorder();
  if (!rec || checking || playingSteps() !== steps) return;
  checking = true;
  try {
    const nowMs = performance.timeOrigin + performance.now();
    for (const [i, step] of steps.entries()) {
      if (marked.has(i)) continue;
      const heardMs = await heardAtHostMs(step.atSec);
      if (heardMs === null || heardMs > nowMs) break; // steps are in time order
      marked.add(i);
      if (heardMs >= rec.session.startedAtMs) await rec.addMarker(`Schedule: ${step.text}`, 'schedule', heardMs);
    }
  } finally {
    checking = false;
  }
}
