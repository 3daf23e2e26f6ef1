import { expect, test } from 'vitest';
import { describeRate, describeStream } from './stream-words.ts';
import { makeStream } from './streams.ts';

test('rates read as a person says them', () => {
  expect(describeRate(256)).toBe('256 Hz');
  expect(describeRate(1.0000172)).toBe('1 sample per second');
  expect(describeRate(10.01)).toBe('10 samples per second');
  expect(describeRate(0.1)).toBe('1 sample every 10 s');
  expect(describeRate(0.4)).toBe('1 sample every 2.5 s');
  expect(describeRate(3.3)).toBe('3.30 Hz');
  expect(describeRate(52.3)).toBe('52.3 Hz');
  expect(describeRate(0)).toBe('no known rate');
});

test('streams say what they hold', () => {
  expect(describeStream(makeStream('eeg', 'eeg', ['TP9', 'AF7', 'AF8', 'TP10'], 'uV', 256))).toBe('4 EEG channels at 256 Hz');
  expect(describeStream(makeStream('accel', 'accel', ['X', 'Y', 'Z'], 'g', 52))).toBe('3 accelerometer axes at 52 Hz');
  expect(describeStream(makeStream('band-power', 'other', ['Alpha_TP9'], 'B', 1.0000172))).toBe('1 band power, 1 sample per second');
});
