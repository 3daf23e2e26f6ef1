// The entrainment statistic on synthetic EEG with a known steady-state response and without one:
// coloured noise with an alpha rhythm (as a resting recording has), optionally plus a response at the
// stimulus frequency that is locked to the stimulus phase, or present but not locked.
import { describe, expect, it } from 'vitest';
import { fSurvival, rayleighP, regularizedBeta } from '../../dsp-wasm/src/distributions.ts';
import { measureEntrainment } from './entrainment.ts';

/** A seeded uniform generator (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

const FS = 256;

/**
 * `seconds` of resting EEG, µV: white noise (5 µV), an AR(1) "1/f-like" drift (0.98, 10 µV), and a
 * 10 Hz alpha rhythm of 8 µV whose phase wanders; plus a response at `response.hz` of `response.uv`
 * µV whose phase is the stimulus phase (locked) or jumps at random every 2 s (not locked).
 */
function restingEeg(seconds: number, seed: number, response?: { hz: number; uv: number; locked: boolean }): Float64Array {
  const next = uniform(seed);
  const normal = gaussian(next);
  const n = seconds * FS;
  const x = new Float64Array(n);
  let drift = 0;
  let alphaPhase = next() * 2 * Math.PI;
  let jitter = next() * 2 * Math.PI;
  for (let i = 0; i < n; i++) {
    drift = 0.98 * drift + Math.sqrt(1 - 0.98 * 0.98) * 10 * normal();
    alphaPhase += (2 * Math.PI * 10) / FS + 0.1 * normal(); // a spectral peak about 1 Hz wide, as alpha has
    x[i] = 5 * normal() + drift + 8 * Math.sin(alphaPhase);
    if (response) {
      if (!response.locked && i % (2 * FS) === 0) jitter = next() * 2 * Math.PI;
      x[i]! += response.uv * Math.sin((2 * Math.PI * response.hz * i) / FS + (response.locked ? 0.7 : jitter));
    }
  }
  return x;
}

describe('distributions', () => {
  it('the F survival function matches scipy.stats.f.sf (SciPy 1.17.1 values)', () => {
    for (const [d1, d2, f, p] of [
      [2, 40, 1.0, 0.3768894828730007],
      [2, 40, 3.2, 0.051385456071628095],
      [20, 320, 1.5, 0.0788749787115009],
      [60, 960, 1.2, 0.14698044295853938],
      [10, 10, 0.5, 0.8551541939744958],
      [2, 4, 10.0, 0.027777777777777776],
      [60, 960, 0.8, 0.8623596355203614],
    ] as const) {
      expect(Math.abs(fSurvival(f, d1, d2) - p) / p, `F(${d1}, ${d2}) > ${f}`).toBeLessThan(1e-9);
    }
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // I_x(1, 1) = x
    expect(regularizedBeta(0.25, 2, 1)).toBeCloseTo(0.0625, 14); // I_x(a, 1) = x^a
    expect(fSurvival(0, 4, 8)).toBe(1);
  });

  it("Rayleigh's p is calibrated: uniform phases give p < 0.05 about 5 % of the time", () => {
    const next = uniform(99);
    let hits = 0;
    const runs = 4000;
    for (let r = 0; r < runs; r++) {
      let c = 0;
      let s = 0;
      for (let k = 0; k < 20; k++) {
        const a = next() * 2 * Math.PI;
        c += Math.cos(a);
        s += Math.sin(a);
      }
      if (rayleighP(Math.hypot(c, s) / 20, 20) < 0.05) hits++;
    }
    // binomial(4000, 0.05): 200 ± 14; a p-value off by a factor of 1.5 either way lands outside
    expect(hits).toBeGreaterThan(160);
    expect(hits).toBeLessThan(240);
    expect(rayleighP(1, 20)).toBeLessThan(1e-8);
  });
});

describe('measureEntrainment', () => {
  const stimulus = { sampleRateHz: FS, stimulusHz: 7, stimulusPhaseZeroSample: 0 };

  it('finds a response locked to the beat, 1.5 µV in 60 s of resting EEG', () => {
    const result = measureEntrainment({ ...stimulus, samples: restingEeg(60, 1, { hz: 7, uv: 1.5, locked: true }) });
    expect(result.verdict).toBe('following');
    expect(result.epochs).toBe(30);
    expect(result.epochSec).toBe(2);
    // the locked response is found although at 1.5 µV it hardly shows in the power spectrum (SNR ~1)
    expect(result.lockedP).toBeLessThan(1e-4);
    expect(result.phaseLocking).toBeGreaterThan(0.5);
    expect(result.words).toMatch(
      /^Your EEG follows the 7 Hz beat: locked response p = .+, SNR \d+\.\d\d, phase locking 0\.\d\d over 30 epochs of 2\.00 s\.$/,
    );
  });

  it('says "not following" for noise alone: at most 5 % false positives over 200 seeded runs', () => {
    let following = 0;
    for (let seed = 1000; seed < 1200; seed++) {
      const result = measureEntrainment({ ...stimulus, samples: restingEeg(60, seed) });
      expect(result.verdict).not.toBe('not enough data');
      if (result.verdict === 'following') following++;
    }
    expect(following).toBeLessThanOrEqual(10);
  });

  it('its p is calibrated, so the bound above is not met by a test that never fires: white noise gives p < 0.05 about 5 % of the time', () => {
    let below = 0;
    for (let seed = 0; seed < 400; seed++) {
      const normal = gaussian(uniform(seed + 5000));
      const x = Float64Array.from({ length: 60 * FS }, () => 5 * normal());
      if (measureEntrainment({ ...stimulus, samples: x }).lockedP < 0.05) below++;
    }
    // binomial(400, 0.05): 20 ± 4.4
    expect(below).toBeGreaterThan(8);
    expect(below).toBeLessThan(35);
  });

  it('a response that is there but not locked to the beat, or alpha at its own frequency, is not following', () => {
    const unlocked = measureEntrainment({ ...stimulus, samples: restingEeg(60, 7, { hz: 7, uv: 3, locked: false }) });
    expect(unlocked.snr).toBeGreaterThan(2);
    expect(unlocked.verdict).toBe('not following');
    expect(unlocked.words).toMatch(/power is up, but its phase does not follow the beat/);
    // the same EEG asked about 10 Hz finds alpha power, but alpha is not locked to a 10 Hz beat either
    const alpha = measureEntrainment({ ...stimulus, stimulusHz: 10, samples: restingEeg(60, 8) });
    expect(alpha.verdict).toBe('not following');
  });

  it('the phase reference matters: the same locked response measured against a shifted stimulus clock stays locked, a drifting one does not', () => {
    const x = restingEeg(60, 3, { hz: 7, uv: 1.5, locked: true });
    expect(measureEntrainment({ ...stimulus, stimulusPhaseZeroSample: 37.5, samples: x }).verdict).toBe('following');
    // a stimulus clock running 0.25 Hz off walks the phase through a full turn every 4 s
    expect(measureEntrainment({ ...stimulus, stimulusHz: 7.25, samples: x }).phaseLocking).toBeLessThan(0.35);
  });

  it('short recordings and artifact epochs: "not enough data", with the count left out', () => {
    const short = measureEntrainment({ ...stimulus, samples: restingEeg(12, 4, { hz: 7, uv: 3, locked: true }) });
    expect(short.verdict).toBe('not enough data');
    expect(short.words).toBe('Not enough data yet: 6 clean epochs of 2.00 s, 10 needed.');
    const blinks = restingEeg(30, 5, { hz: 7, uv: 3, locked: true });
    for (const at of [1, 3, 5, 7, 9, 11]) for (let i = 0; i < 60; i++) blinks[at * 2 * FS + 100 + i]! += 200 * Math.sin((Math.PI * i) / 60);
    const result = measureEntrainment({ ...stimulus, samples: blinks });
    expect(result.rejectedEpochs).toBe(6);
    expect(result.epochs).toBe(9);
    expect(result.words).toBe('Not enough data yet: 9 clean epochs of 2.00 s, 10 needed; 6 left out as artifacts.');
  });

  it('bad input is named', () => {
    expect(() => measureEntrainment({ ...stimulus, stimulusHz: 200, samples: new Float64Array(1000) })).toThrow(
      /stimulusHz 200 must be under the Nyquist frequency \(128 Hz\)/,
    );
    expect(() => measureEntrainment({ ...stimulus, sampleRateHz: 0, samples: new Float64Array(1000) })).toThrow(
      /sampleRateHz must be a finite number > 0/,
    );
    const x = new Float64Array(2000);
    x[777] = Number.NaN;
    expect(() => measureEntrainment({ ...stimulus, samples: x })).toThrow('samples[777] is NaN; samples must be finite');
  });
});
