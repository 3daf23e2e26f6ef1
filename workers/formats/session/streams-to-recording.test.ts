import { expect, test } from 'vitest';
import { streamsToRecording } from './streams-to-recording.ts';

const eeg = { id: 'eeg', kind: 'eeg' as const, sampleRateHz: 250, channels: [{ label: 'C3', unit: 'uV' }] };
const accel = { id: 'accel', kind: 'accel' as const, sampleRateHz: 50, channels: [{ label: 'X', unit: 'g' }] };
const ramp = (first: number, n: number) => ({ firstSample: first, channels: [Float32Array.from({ length: n }, (_, i) => first + i)] });

test("a hole in one stream is a gap of all: widened to the common grid, the other stream's samples inside it left out", () => {
  // EEG misses samples 255..504 (1.02-2.016 s); the accelerometer has everything.
  const rec = streamsToRecording(
    [
      { stream: eeg, pieces: [ramp(505, 495), ramp(0, 255)] },
      { stream: accel, pieces: [ramp(0, 200)] },
    ],
    // The recorded session's gap event repeats the hole: it must not count twice.
    { startTime: '2026-12-04T03:05:12', markers: [], gaps: [{ onsetSec: 1.02, durationSec: 1 }] },
  );
  expect(rec.gaps).toEqual([{ onsetSec: 1.02, durationSec: 1 }]);
  expect(rec.channels[0].samples.length).toBe(750);
  expect(rec.channels[0].samples[255]).toBe(505);
  // 1.02-2.02 s at 50 Hz: samples 51..100 left out.
  expect(rec.channels[1].samples.length).toBe(150);
  expect(rec.channels[1].samples[51]).toBe(101);
  expect(rec.warnings).toEqual(["accel: 50 samples inside another stream's gap left out (EDF+ gaps cover every signal)"]);
});

test('without holes (an import), the gap events are the gaps, and the samples stay as stored', () => {
  const rec = streamsToRecording([{ stream: eeg, pieces: [ramp(0, 500)] }], {
    startTime: null,
    markers: [{ onsetSec: 0.5, durationSec: 0, text: 'm' }],
    gaps: [{ onsetSec: 1, durationSec: 3 }],
  });
  expect(rec.gaps).toEqual([{ onsetSec: 1, durationSec: 3 }]);
  expect(rec.channels[0].samples.length).toBe(500);
  expect(rec.markers).toEqual([{ onsetSec: 0.5, durationSec: 0, text: 'm' }]);
});
