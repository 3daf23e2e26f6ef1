import { expect, test } from 'vitest';
import type { Calibration } from '../../../../workers/audio/neurofeedback.ts';
import { describeAge, keepCalibration, KEPT_CALIBRATIONS_KEY, loadKeptCalibration, type KeyValueStore } from './calibration-store.ts';

const memory = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
};
const cal = (target: 'relaxation' | 'focus', madeAtMs: number, zeroAt = 0.2): Calibration => ({ target, zeroAt, oneAt: 0.4, madeAtMs });

test('a calibration is kept per device and target; a new one replaces the old one for its target only', () => {
  const store = memory();
  keepCalibration(store, 'Synthetic headset', cal('relaxation', 1000));
  keepCalibration(store, 'Synthetic headset', cal('focus', 2000));
  keepCalibration(store, 'Muse-1324', cal('relaxation', 3000, 0.1));
  keepCalibration(store, 'Synthetic headset', cal('relaxation', 4000, 0.25));
  expect(loadKeptCalibration(store, 'Synthetic headset', 'relaxation')).toEqual({
    device: 'Synthetic headset',
    calibration: cal('relaxation', 4000, 0.25),
  });
  expect(loadKeptCalibration(store, 'Synthetic headset', 'focus')!.calibration.madeAtMs).toBe(2000);
  expect(loadKeptCalibration(store, 'Muse-1324', 'relaxation')!.calibration.zeroAt).toBe(0.1);
  expect(loadKeptCalibration(store, 'Muse-1324', 'focus')).toBeNull();
  expect(loadKeptCalibration(store, 'Muse-9999', 'relaxation')).toBeNull();
});

test('an undated calibration is refused; damaged storage reads as none', () => {
  const store = memory();
  expect(() => keepCalibration(store, 'Synthetic headset', { target: 'relaxation', zeroAt: 0.2, oneAt: 0.4 })).toThrow(/needs its date/);
  expect(() => keepCalibration(store, '', cal('relaxation', 1))).toThrow(/no device name/);
  store.setItem(KEPT_CALIBRATIONS_KEY, '{not json');
  expect(loadKeptCalibration(store, 'Synthetic headset', 'relaxation')).toBeNull();
  store.setItem(
    KEPT_CALIBRATIONS_KEY,
    JSON.stringify({ 'Synthetic headset': { relaxation: { target: 'relaxation', zeroAt: 'x', oneAt: 1, madeAtMs: 5 } } }),
  );
  expect(loadKeptCalibration(store, 'Synthetic headset', 'relaxation')).toBeNull();
  keepCalibration(store, 'Synthetic headset', cal('relaxation', 7)); // writing over damage works
  expect(loadKeptCalibration(store, 'Synthetic headset', 'relaxation')!.calibration.madeAtMs).toBe(7);
});

test('the age in words', () => {
  const now = Date.UTC(2026, 11, 3, 18);
  const ago = (ms: number) => describeAge(now - ms, now);
  const min = 60_000;
  const day = 24 * 60 * min;
  expect([ago(20_000), ago(min), ago(5 * min), ago(61 * min), ago(5 * 60 * min), ago(day + min), ago(3 * day), ago(15 * day), ago(90 * day)]).toEqual(
    ['just now', '1 minute ago', '5 minutes ago', '1 hour ago', '5 hours ago', 'yesterday', '3 days ago', '2 weeks ago', '3 months ago'],
  );
});
