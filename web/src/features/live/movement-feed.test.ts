import { expect, test } from 'vitest';
import { addMovement, MAX_MOVEMENTS, movementWords } from './movement-feed.ts';

const span = (startMs: number, endMs: number, peakRangeG = 0.3) => ({ startMs, endMs, peakRangeG, thresholdG: 0.1 });

test('a movement reported again as it grows replaces its line; a new one goes on top', () => {
  let feed = addMovement([], span(1000, 1260));
  feed = addMovement(feed, span(1000, 1780, 0.42));
  expect(feed).toEqual([span(1000, 1780, 0.42)]);
  feed = addMovement(feed, span(9000, 9260));
  expect(feed.map((m) => m.startMs)).toEqual([9000, 1000]);
});

test('the feed keeps the newest MAX_MOVEMENTS', () => {
  let feed: ReturnType<typeof addMovement> = [];
  for (let i = 0; i < MAX_MOVEMENTS + 5; i++) feed = addMovement(feed, span(i * 10_000, i * 10_000 + 260));
  expect(feed.length).toBe(MAX_MOVEMENTS);
  expect(feed[0]!.startMs).toBe((MAX_MOVEMENTS + 4) * 10_000);
});

test('the words say when, how long, how much against the threshold, and that the EEG is not trusted', () => {
  expect(movementWords(span(5000, 6240, 0.347), () => '12:03:04')).toBe(
    'movement at 12:03:04 for 1.2 s, 0.35 g (threshold 0.10 g): EEG from then is not trusted',
  );
});
