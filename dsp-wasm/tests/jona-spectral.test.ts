// Spectral tests on rendered output of the built jona.wasm (run `npm run build:wasm` first).
import { describe, expect, it } from 'vitest';
import type { Program, VoiceSpec } from '../src/jona/index.ts';
import { findPeakHz, octaveSlope, renderProgram, welchPsd, windowedMagnitude } from './jona-helpers.ts';

const SR = 48000;
const single = (voice: VoiceSpec, durationSec: number): Program => ({ durationSec, masterGain: 1, voices: [voice], events: [] });

describe('JONA spectra', () => {
  it('binaural 200 Hz carrier + 10 Hz beat: left peak at 195 Hz, right at 205 Hz, within 0.01 Hz', async () => {
    const { left, right } = await renderProgram(single({ kind: 'binaural', level: 0.5, carrierHz: 200, beatHz: 10 }, 4), 4 * SR);
    const l = left.subarray(SR); // skip the limiter's look-ahead start
    const r = right.subarray(SR);
    expect(Math.abs(findPeakHz(l, SR, 195) - 195)).toBeLessThan(0.01);
    expect(Math.abs(findPeakHz(r, SR, 205) - 205)).toBeLessThan(0.01);
    // Each ear holds only its own tone: the other ear's frequency is > 80 dB down.
    expect(windowedMagnitude(l, SR, 205) / windowedMagnitude(l, SR, 195)).toBeLessThan(1e-4);
    expect(windowedMagnitude(r, SR, 195) / windowedMagnitude(r, SR, 205)).toBeLessThan(1e-4);
    // Sine purity: the second harmonic is more than 100 dB under the tone.
    expect(windowedMagnitude(l, SR, 390) / windowedMagnitude(l, SR, 195)).toBeLessThan(1e-5);
  });

  it('isochronic 10 Hz: envelope period is 100 ms (4800 samples) within one sample', async () => {
    const seconds = 6;
    const { left } = await renderProgram(single({ kind: 'isochronic', level: 0.5, carrierHz: 400, beatHz: 10, duty: 0.5 }, seconds), seconds * SR);
    // Onsets: first sounding sample after a silent gap of >= 10 ms (the gate is closed half the period).
    const onsets: number[] = [];
    let silent = 0;
    for (let i = 0; i < left.length; i++) {
      if (Math.abs(left[i]!) > 1e-6) {
        if (silent >= 480) onsets.push(i);
        silent = 0;
      } else silent++;
    }
    expect(onsets.length).toBeGreaterThanOrEqual(seconds * 10 - 2);
    for (let i = 1; i < onsets.length; i++) expect(Math.abs(onsets[i]! - onsets[i - 1]! - 4800)).toBeLessThanOrEqual(1);
    const mean = (onsets.at(-1)! - onsets[0]!) / (onsets.length - 1);
    expect(Math.abs(mean - 4800)).toBeLessThan(0.1);
    // Duty 0.5: about half of each period sounds.
    let sounding = 0;
    for (let i = onsets[1]!; i < onsets[1]! + 4800; i++) if (Math.abs(left[i]!) > 1e-6) sounding++;
    expect(Math.abs(sounding / 4800 - 0.5)).toBeLessThan(0.02);
  });

  for (const [kind, target] of [
    ['pink', -3],
    ['brown', -6],
    ['white', 0],
  ] as const) {
    it(`${kind} noise slope is ${target} dB/octave within 0.3 dB over 20 Hz-10 kHz`, async () => {
      const seconds = 40;
      const { left } = await renderProgram(single({ kind, level: 0.5 }, seconds), seconds * SR);
      const size = 1 << 15;
      const psd = welchPsd(left.subarray(SR), size);
      const { slopeDbPerOctave, maxDeviationDb } = octaveSlope(psd, SR, size, 20, 10000);
      expect(Math.abs(slopeDbPerOctave - target)).toBeLessThan(0.3);
      // And straight: no third-octave band strays more than 0.6 dB from the fitted line.
      expect(maxDeviationDb).toBeLessThan(0.6);
    });
  }
});
