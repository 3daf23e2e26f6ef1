// fast-check generator of recordings every export format can hold: one rate, unique ASCII labels,
// finite samples, markers inside the recording, optional gaps and sub-second start times.

import fc from 'fast-check';
import type { Recording } from '../recording.ts';

const RATES = [1, 100, 125, 128, 200, 250, 256, 500, 512];
const label = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,7}$/);

export function arbitraryRecording(options: { gaps?: boolean; maxChannels?: number } = {}): fc.Arbitrary<Recording> {
  const gapArbitrary: fc.Arbitrary<Array<{ at: number; dur: number }>> = options.gaps
    ? fc.array(fc.record({ at: fc.double({ min: 0.1, max: 0.9, noNaN: true }), dur: fc.integer({ min: 1, max: 5000 }) }), { maxLength: 2 })
    : fc.constant([]);
  return fc
    .record({
      rate: fc.constantFrom(...RATES),
      length: fc.integer({ min: 2, max: 600 }),
      labels: fc.uniqueArray(label, { minLength: 1, maxLength: options.maxChannels ?? 6, selector: (s) => s.toLowerCase() }),
      seed: fc.array(fc.double({ min: -5000, max: 5000, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 64 }),
      start: fc.option(
        fc.record({
          year: fc.integer({ min: 1985, max: 2084 }),
          day: fc.integer({ min: 1, max: 28 }),
          month: fc.integer({ min: 1, max: 12 }),
          sec: fc.integer({ min: 0, max: 86399 }),
          ms: fc.integer({ min: 0, max: 999 }),
        }),
      ),
      markers: fc.array(
        fc.record({
          at: fc.double({ min: 0, max: 0.99, noNaN: true }),
          dur: fc.integer({ min: 0, max: 3000 }),
          text: fc.stringMatching(/^[a-z][a-z0-9 ]{0,11}[a-z0-9]$/),
        }),
        { maxLength: 5 },
      ),
      gaps: gapArbitrary,
    })
    .map(({ rate, length, labels, seed, start, markers, gaps }) => {
      const duration = length / rate;
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      const startTime = start
        ? `${start.year}-${pad(start.month)}-${pad(start.day)}T${pad(Math.floor(start.sec / 3600))}:${pad(Math.floor(start.sec / 60) % 60)}:${pad(start.sec % 60)}${start.ms ? `.${pad(start.ms, 3)}` : ''}`
        : null;
      // Gaps start at sample boundaries (recording time = sample time + earlier gaps), in ms steps.
      const gapIndexes = [...new Set(gaps.map((g) => Math.max(1, Math.floor(g.at * length))))].sort((a, b) => a - b);
      let shift = 0;
      const recordingGaps = gapIndexes.map((index, k) => {
        const gap = { onsetSec: index / rate + shift, durationSec: gaps[k].dur / 1000 };
        shift += gap.durationSec;
        return gap;
      });
      return {
        format: 'clisonix-json',
        startTime,
        channels: labels.map((l, k) => ({
          label: l,
          kind: 'eeg',
          unit: 'uV',
          sampleRateHz: rate,
          samples: Float64Array.from({ length }, (_, i) => seed[(i * (k + 3)) % seed.length] + ((i * 37 + k) % 101) / 7),
        })),
        markers: markers
          .map((m) => ({ onsetSec: Math.round(m.at * duration * 1000) / 1000, durationSec: m.dur / 1000, text: m.text }))
          .sort((a, b) => a.onsetSec - b.onsetSec),
        gaps: recordingGaps,
        warnings: [],
        metadata: {},
      } satisfies Recording;
    });
}
