import { expect, test } from 'vitest';
import { batteryWords, LOW_BATTERY_PCT } from './battery-words.ts';

test('the level in whole percent; low below 15 % with a warning naming the device', () => {
  expect(LOW_BATTERY_PCT).toBe(15);
  expect(batteryWords(42.4, 'Muse')).toEqual({ text: 'Battery 42 %', low: false, warning: null });
  expect(batteryWords(15, 'Muse')).toMatchObject({ text: 'Battery 15 %', low: false });
  expect(batteryWords(14.9, 'Muse')).toEqual({
    text: 'Battery 15 %',
    low: true,
    warning: 'Muse battery low: 15 %. Charge it soon; the recording stops when it runs out.',
  });
  expect(batteryWords(3, 'Muse S Athena')?.warning).toMatch(/^Muse S Athena battery low: 3 %/);
});

test('out-of-range readings are clamped for display; a non-number is no level', () => {
  expect(batteryWords(104, 'Muse')?.text).toBe('Battery 100 %');
  expect(batteryWords(-2, 'Muse')).toMatchObject({ text: 'Battery 0 %', low: true });
  expect(batteryWords(Number.NaN, 'Muse')).toBeNull();
});
