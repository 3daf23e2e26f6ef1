import { expect, test } from 'vitest';
import { heartWords } from './heart-words.ts';

test('a heart rate with its HRV and what it rests on', () => {
  const words = heartWords({
    atMs: 0,
    channel: 'infrared',
    windowSec: 30,
    heart: { ok: true, bpm: 71.6, beats: 35, beatTimesSec: [], rrMs: [], rmssdMs: 40.6, sdnnMs: 52.2, shapeCorrelation: 0.97 },
  });
  expect(words).toEqual({ headline: '72 bpm', detail: 'RMSSD 41 ms · SDNN 52 ms · from 35 beats in 30 s (infrared)' });
});

test('no number without a pulse: the reason instead', () => {
  const words = heartWords({ atMs: 0, channel: 'LI_NIR', windowSec: 12.4, heart: { ok: false, reason: 'the optical signal is flat', beats: 0 } });
  expect(words).toEqual({ headline: '—', detail: 'No heart rate: the optical signal is flat.' });
});
