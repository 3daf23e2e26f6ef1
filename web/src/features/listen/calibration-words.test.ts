import { expect, test } from 'vitest';
import { describeCalibration, describeProbability, describeScore } from './calibration-words.ts';

const output: Parameters<typeof describeScore>[0] = {
  deviceTimeMs: 0,
  score: 0.62,
  threshold: 0.5,
  rewarded: true,
  rewardRate: 0.6,
  paused: false,
  noiseLevel: 0,
  beatHz: 10,
  voiceLevel: 0,
  masterGain: 1,
  chime: false,
  filterDelayMs: 0,
  probability: null,
  moved: [],
};

test('the baselines in words, with a warning when they are too close to train on', () => {
  expect(describeCalibration({ target: 'relaxation', zeroAt: 0.21, oneAt: 0.34 })).toEqual({
    text: 'Eyes open: relative alpha 21.0 %. Eyes closed: 34.0 %.',
    warn: null,
  });
  expect(describeCalibration({ target: 'relaxation', zeroAt: 0.3, oneAt: 0.31 }).warn).toMatch(/differ by 3 %, too little to train on/);
  expect(describeCalibration({ target: 'relaxation', zeroAt: 0.3, oneAt: 0.2 }).warn).toMatch(/wrong side/);
  expect(describeCalibration({ target: 'focus', zeroAt: -Math.log(2), oneAt: -Math.log(1.2) }).text).toBe(
    'Eyes open: theta/beta ratio 1.20. Eyes closed: 2.00.',
  );
});

test('the score in words', () => {
  expect(describeScore(output, 'up')).toBe(
    'You are 62 % of the way from your eyes-open to your eyes-closed baseline: above the threshold (50 %), training up, so you hear the reward.',
  );
  expect(describeScore({ ...output, score: -0.6, rewarded: false }, 'up')).toMatch(
    /^You are at or below your eyes-open baseline: below the threshold/,
  );
  expect(describeScore({ ...output, paused: true }, 'up')).toMatch(/^Paused: the signal is poor/);
  expect(describeScore({ ...output, paused: true, pauseReason: 'jaw clench' }, 'up')).toBe('Paused: jaw clench. The sound waits for clean signal.');
});

test('the probability in words, with its interval and the bands that moved', () => {
  expect(describeProbability(output, 'relaxation')).toBeNull();
  const probability = { p: 0.874, low: 0.712, high: 0.951, frames: 16 };
  const moved = [
    { band: 'alpha' as const, now: 0.29, baseline: 0.2, change: 0.45 },
    { band: 'beta' as const, now: 0.24, baseline: 0.3, change: -0.2 },
  ];
  expect(describeProbability({ ...output, probability, moved }, 'relaxation')).toBe(
    'Eyes-closed state: 87 % likely (95 % interval 71–95 %). Alpha is 45 % above your eyes-open baseline; beta 20 % below.',
  );
  expect(describeProbability({ ...output, probability, moved: [] }, 'focus')).toBe(
    'Eyes-open (focused) state: 87 % likely (95 % interval 71–95 %). No band is 20 % away from your eyes-closed baseline.',
  );
});
