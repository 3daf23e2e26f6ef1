// Cues a person with closed eyes can follow: a tone when a calibration step starts (one) and ends
// (two, higher), and the instruction spoken where the browser can speak. Played on their own small
// AudioContext so they sound whether or not a program plays.
import { createSignal } from 'solid-js';

export type CueKind = 'start' | 'end';

/** Every cue played since load, in order (shown as a count on the calibration status). */
export const [cuesPlayed, setCuesPlayed] = createSignal<CueKind[]>([]);

let context: AudioContext | undefined;

/** Short sine tones with 10 ms ramps (no clicks): start = one 660 Hz tone, end = two 880 Hz tones. */
export function playCue(kind: CueKind): void {
  setCuesPlayed([...cuesPlayed(), kind]);
  try {
    context ??= new AudioContext();
    void context.resume();
    const at = context.currentTime + 0.02;
    const tones =
      kind === 'start'
        ? [{ hz: 660, from: 0 }]
        : [
            { hz: 880, from: 0 },
            { hz: 880, from: 0.3 },
          ];
    for (const { hz, from } of tones) {
      const osc = new OscillatorNode(context, { frequency: hz });
      const gain = new GainNode(context, { gain: 0 });
      gain.gain.setValueAtTime(0, at + from);
      gain.gain.linearRampToValueAtTime(0.25, at + from + 0.01);
      gain.gain.setValueAtTime(0.25, at + from + 0.19);
      gain.gain.linearRampToValueAtTime(0, at + from + 0.2);
      osc.connect(gain).connect(context.destination);
      osc.start(at + from);
      osc.stop(at + from + 0.21);
    }
  } catch {
    // No audio output here: the spoken and written cues still say it.
  }
}

/** Says `text` with the browser's speech, where it has any voice. */
export function speak(text: string): void {
  const synth = globalThis.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  synth.cancel();
  synth.speak(new SpeechSynthesisUtterance(text));
}
