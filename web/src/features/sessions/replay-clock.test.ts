import { expect, test } from 'vitest';
import { createReplayClock } from './replay-clock.ts';

test('position follows the wall clock times the speed; pause holds it; seek moves it; the end stops it', async () => {
  let t = 1000;
  const clock = createReplayClock(60, () => t);
  t += 2000;
  expect(clock.position()).toBe(2);
  clock.setSpeed(4);
  t += 1500;
  expect(clock.position()).toBe(8);
  clock.pause();
  t += 10_000;
  expect(clock.position()).toBe(8);
  expect(clock.playing()).toBe(false);
  clock.seek(30);
  expect(clock.position()).toBe(30);
  clock.play();
  t += 1000;
  expect(clock.position()).toBe(34);
  clock.seek(-5);
  expect(clock.position()).toBe(0);
  t += 20_000; // 80 s of session at 4x: past the end
  let changes = 0;
  clock.onChange(() => changes++);
  expect(clock.position()).toBe(60);
  expect(clock.playing()).toBe(false);
  await Promise.resolve();
  expect(changes).toBe(1);
  // play at the end starts over
  clock.play();
  t += 500;
  expect(clock.position()).toBe(2);
});

test('bad speeds, positions and lengths are refused with the value', () => {
  const clock = createReplayClock(10, () => 0);
  expect(() => clock.setSpeed(3 as never)).toThrow('replay speed must be one of 1, 2, 4, 8 (got 3)');
  expect(() => clock.seek(Number.NaN)).toThrow('cannot seek to NaN s');
  expect(() => createReplayClock(Number.POSITIVE_INFINITY)).toThrow('a replay needs a finite length >= 0 s (got Infinity)');
});
