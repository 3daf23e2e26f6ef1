// The neurofeedback loop as its worker runs it, with the real ALBI kernels (albi.wasm) and a clock the
// test moves: acquisition frames in, calibration, training, tagged events out, latency measured from
// the host time of the newest analysed sample.
import { beforeAll, expect, test } from 'vitest';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import { splitHeldProgram } from '../../dsp-wasm/src/jona/conditions.ts';
import type { ParamEvent, Program, ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import { scheduleToProgram } from '../../dsp-wasm/src/jona/schedule.ts';
import { designButterworth, getGroupDelay } from '../../dsp-wasm/src/filter-design.ts';
import { analysisFilterDelayMs, BAND_OF_INTEREST_HZ, NeurofeedbackEngine, type NeurofeedbackStatus } from './neurofeedback-engine.ts';

const RATE = 250;
const LABELS = ['AF7', 'AF8', 'TP9', 'TP10'];
let albi: Albi;
beforeAll(async () => {
  albi = await loadAlbi();
});

/** A fake headset: noise plus a 10 Hz rhythm of `alphaUv`, frames as the acquisition worker writes them. */
function makeHeadset(arrivalLagMs: number) {
  let index = 0;
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 12;
  return {
    /** `seconds` of samples whose newest one was taken `arrivalLagMs` before `nowMs`. */
    frames(seconds: number, alphaUv: number, nowMs: number, skip = 0, alphaHz = 10): Float64Array {
      index += skip;
      const n = Math.round(seconds * RATE);
      const width = 2 + LABELS.length;
      const out = new Float64Array(n * width);
      for (let f = 0; f < n; f++, index++) {
        out[f * width] = index;
        out[f * width + 1] = nowMs - arrivalLagMs - ((n - 1 - f) * 1000) / RATE;
        for (let c = 0; c < LABELS.length; c++) out[f * width + 2 + c] = alphaUv * Math.sin((2 * Math.PI * alphaHz * index) / RATE + c) + noise();
      }
      return out;
    },
  };
}

function setUp(arrivalLagMs = 30) {
  let nowMs = 1_700_000_000_000;
  const sent: Array<{ events: ProgramEvent[]; tag: number }> = [];
  const statuses: NeurofeedbackStatus[] = [];
  /** Samples per channel of every window analysed. */
  const analysedLengths: number[] = [];
  const engine = new NeurofeedbackEngine({
    analyze: (channels, rate) => (analysedLengths.push(channels[0]!.samples.length), albi.analyzeChannels(channels, rate, { mainsHz: 50 })),
    now: () => nowMs,
    sendToSound: (events, tag) => (sent.push({ events, tag }), true),
    onStatus: (s) => statuses.push(s),
  });
  engine.attach({ labels: LABELS, sampleRateHz: RATE });
  const headset = makeHeadset(arrivalLagMs);
  /** Streams `seconds` in 500 ms steps, analysing after each, as the worker's timer does. */
  const stream = async (seconds: number, alphaUv: number, alphaHz = 10) => {
    for (let t = 0; t < seconds; t += 0.5) {
      nowMs += 500;
      engine.feed(headset.frames(0.5, alphaUv, nowMs, 0, alphaHz));
      await engine.tick();
    }
  };
  return { engine, sent, statuses, stream, headset, analysedLengths, now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

test('calibrate eyes open / closed, then training rewards alpha: tagged events reach the sound, latency from the newest sample', async () => {
  const { engine, sent, stream } = setUp(30);
  await stream(3, 2); // streaming, idle: nothing is analysed
  expect(engine.status().analysedFrames).toBe(0);
  engine.calibrate('open', 5);
  await stream(5, 2);
  engine.calibrate('closed', 5);
  await stream(5, 25);
  await stream(1, 25); // after the step: not counted
  const status = engine.status();
  expect(status.phase).toBe('idle');
  expect(status.calibrationFrames.open).toBeGreaterThanOrEqual(9);
  expect(status.calibrationFrames.closed).toBeGreaterThanOrEqual(9);
  const calibration = engine.useCalibration('relaxation');
  expect(calibration.oneAt).toBeGreaterThan(calibration.zeroAt + 0.1); // eyes closed: much more relative alpha

  engine.startTraining({ direction: 'up', threshold: 0.5 }, 20);
  await stream(4, 25);
  expect(sent.length).toBeGreaterThanOrEqual(7);
  expect(sent.map((s) => s.tag)).toEqual(sent.map((_, i) => i + 1));
  const last = engine.status();
  expect(last.output!.rewarded).toBe(true);
  expect(last.updates).toBe(sent.length);
  expect(sent.at(-1)!.events).toContainEqual(expect.objectContaining({ type: 'param', voice: 0, param: 'beatHz' }));
  // Sent the moment the analysis answered (the test's clock stands still meanwhile), heard 20 ms later;
  // the newest sample was taken 30 ms before it was fed: 50 ms, exactly.
  const histogram = new Array<number>(100).fill(0);
  histogram[5] = sent.length; // every update in the 50-60 ms bin
  expect(last.latency).toEqual({
    p50Ms: 50,
    p95Ms: 50,
    p99Ms: 50,
    count: sent.length,
    histogram: { binMs: 10, counts: histogram },
    windowMs: 4000,
    windowDelayMs: 2000,
    filterDelayMs: 0,
  });

  await stream(5, 2); // alpha drops (and the 4 s window has let go of it): no reward
  expect(engine.status().output!.rewarded).toBe(false);
  engine.stopTraining();
  const count = sent.length;
  await stream(2, 25);
  expect(sent.length).toBe(count); // stopped is stopped
  expect(engine.status().phase).toBe('idle');
});

test('after a gap the loop waits for 2 s of contiguous signal: a window never spans missing samples', async () => {
  const { engine, headset, now, advance } = setUp();
  engine.calibrate('open', 60);
  for (let i = 0; i < 6; i++) {
    advance(500);
    engine.feed(headset.frames(0.5, 2, now()));
    await engine.tick();
  }
  const before = engine.status().analysedFrames;
  expect(before).toBeGreaterThan(0);
  advance(500);
  engine.feed(headset.frames(0.5, 2, now(), 100)); // 100 samples lost before these
  await engine.tick();
  for (let i = 0; i < 2; i++) {
    advance(500);
    engine.feed(headset.frames(0.5, 2, now()));
    await engine.tick();
  }
  expect(engine.status().analysedFrames).toBe(before); // 1.5 s since the gap: not enough
  advance(500);
  engine.feed(headset.frames(0.5, 2, now()));
  await engine.tick();
  expect(engine.status().analysedFrames).toBe(before + 1);
});

test('requests out of order get clear errors', async () => {
  const { engine } = setUp();
  expect(() => engine.startTraining({}, 0)).toThrow(/calibrate .* before training/);
  expect(() => engine.useCalibration('focus')).toThrow(/at least 5 good-quality frames/);
  expect(engine.status().error).toMatch(/at least 5 good-quality frames/);
  expect(() => engine.calibrate('open', 0)).toThrow(/positive duration/);
});

/** Calibrates (eyes open 2 uV alpha, eyes closed 25 uV) so that training can start. */
async function calibrated(arrivalLagMs = 30) {
  const rig = setUp(arrivalLagMs);
  await rig.stream(2, 2);
  rig.engine.calibrate('open', 3);
  await rig.stream(3, 2);
  await rig.stream(2, 25); // the 4 s window lets go of the eyes-open signal
  rig.engine.calibrate('closed', 3);
  await rig.stream(3, 25);
  rig.engine.useCalibration('relaxation');
  await rig.stream(4, 2); // eyes open again: the window training starts on is all low-alpha
  return rig;
}

/** The program's peak alpha for a 4 s window of the fake headset at `hz` (ALBI's 0.49 Hz bins). */
function peakAlphaOf(hz: number): number {
  const headset = makeHeadset(0);
  const frames = headset.frames(4, 25, 0, 0, hz);
  const channels = LABELS.map((label, c) => ({ label, samples: Float64Array.from({ length: 1000 }, (_, f) => frames[f * 6 + 2 + c]!) }));
  const result = albi.analyzeChannels(channels, RATE, { mainsHz: 50 });
  return Object.values(result.channels).reduce((s, ch) => s + ch.peakAlphaHz!, 0) / LABELS.length;
}

const preset = (beatHz: number): Program => ({
  durationSec: 3600,
  masterGain: 1,
  voices: [
    { kind: 'binaural', level: 0.6, carrierHz: 200, beatHz },
    { kind: 'pink', level: 0.18 },
    { kind: 'bell', level: 0.4, carrierHz: 880 },
  ],
  events: [],
});

const beatEvents = (sent: Array<{ events: ProgramEvent[] }>) =>
  sent.flatMap((s) => s.events.filter((e): e is ParamEvent => e.type === 'param' && e.voice === 0 && e.param === 'beatHz'));

test('the beat follows the peak alpha within its limits and never faster than its rate limit, as kernel ramps', async () => {
  const { engine, sent, stream } = await calibrated();
  const mappings = {
    mappings: [
      {
        metric: { kind: 'peak-alpha' },
        target: { voice: 'beat', param: 'beatHz' },
        input: [8, 12],
        output: [8, 12],
        smoothingSec: 0.5,
        maxRatePerSec: 0.5,
      },
    ],
  };
  engine.startTraining({ mappings, program: preset(10) }, 20);
  await stream(8, 25, 9); // peak alpha ~8.8 Hz: the beat comes down from the program's 10 Hz
  const low = peakAlphaOf(9);
  expect(beatEvents(sent).at(-1)!.value).toBeCloseTo(low, 1);
  await stream(10, 25, 11); // peak alpha ~11.2 Hz
  const high = peakAlphaOf(11);
  const beats = beatEvents(sent);
  expect(beats.at(-1)!.value).toBeCloseTo(high, 1);
  // Each update ramps over the 500 ms until the next one, by at most 0.5 Hz/s x 0.5 s.
  const steps = beats.slice(1).map((e, i) => Math.abs(e.value - beats[i]!.value));
  expect(Math.max(...steps)).toBeLessThanOrEqual(0.25 + 1e-9);
  expect(steps.filter((d) => d > 0.2).length).toBeGreaterThanOrEqual(4); // it did climb at the limit (2.4 Hz takes ~5 s)
  expect(beats[0]!.rampSec).toBe(0.05); // the first update has no interval yet: a short ramp to where it is
  expect(beats.slice(1).every((e) => e.rampSec === 0.5)).toBe(true);
  // The 12 Hz end of the curve clamps a 13 Hz peak alpha.
  await stream(14, 25, 13);
  expect(peakAlphaOf(13)).toBeGreaterThan(12.5);
  expect(Math.max(...beatEvents(sent).map((e) => e.value))).toBeCloseTo(12, 9);
  const status = engine.status();
  expect(status.mapping!.states[0]).toMatchObject({ target: 12, value: 12 });
  // The chime goes to the program's bell voice; the mapping replaced the classic noise/beat/level events.
  expect(sent.flatMap((s) => s.events).some((e) => e.type === 'param' && e.voice === 1)).toBe(false);
});

test('smoothing: a step in the metric reaches the parameter as an exponential with its time constant', async () => {
  const { engine, sent, stream } = await calibrated();
  // Relative alpha 0.4 (2 uV) -> 0.97 (25 uV) steers the noise bed; no rate limit to speak of.
  const mappings = {
    mappings: [
      {
        metric: { kind: 'relative-power', band: 'alpha', electrodes: ['TP9', 'TP10'] },
        target: { voice: 'noise', param: 'level' },
        input: [0, 1],
        output: [0, 1],
        smoothingSec: 4,
        maxRatePerSec: 10,
      },
    ],
  };
  engine.startTraining({ mappings, program: preset(10) }, 20);
  await stream(6, 2);
  const before = engine.status().mapping!.states[0]!.smoothed;
  await stream(4.5, 25); // the 4 s window is all high-alpha after 4 s
  const noise = () => sent.flatMap((s) => s.events.filter((e): e is ParamEvent => e.type === 'param' && e.voice === 1));
  const startAt = noise().length;
  await stream(4, 25); // 8 updates at a steady metric: the smoothed value closes 1 - e^(-4/4) = 63 % of the gap
  const metric = engine.status().mapping!.states[0]!.target; // linear [0,1] -> [0,1]: target = smoothed
  const values = noise()
    .slice(startAt - 1)
    .map((e) => e.value);
  expect(values.length).toBe(9);
  const steady = 0.97;
  const gapBefore = steady - values[0]!;
  const gapAfter = steady - values.at(-1)!;
  expect(before).toBeLessThan(0.6);
  expect(gapAfter / gapBefore).toBeGreaterThan(Math.exp(-1) - 0.08);
  expect(gapAfter / gapBefore).toBeLessThan(Math.exp(-1) + 0.08);
  expect(values.every((v, i) => i === 0 || v > values[i - 1]!)).toBe(true); // smooth rise, no overshoot
  expect(metric).toBeCloseTo(values.at(-1)!, 9);
});

test('a schedule step is held until its condition has held for its duration, then the next step plays', async () => {
  const { engine, sent, stream } = await calibrated();
  const program = scheduleToProgram({
    durationSec: 600,
    voices: [{ kind: 'binaural', level: 0.6, carrierHz: 200, beatHz: 10 }],
    steps: [
      { atSec: 0, set: [{ voice: 0, param: 'beatHz', value: 10 }] },
      {
        atSec: 2,
        rampSec: 1,
        set: [{ voice: 0, param: 'beatHz', value: 8 }],
        holdUntil: { metric: { kind: 'relative-power', band: 'alpha' }, above: 0.7, forSec: 5 },
      },
      { atSec: 6, rampSec: 4, set: [{ voice: 0, param: 'beatHz', value: 6 }] },
    ],
  });
  expect(program.holds).toEqual([expect.objectContaining({ mode: 'hold', fromSec: 2, atSec: 6, label: 'step 2' })]);
  const { played, live } = splitHeldProgram(program);
  expect(played.events.map((e) => e.atSec)).toEqual([0]); // the worklet plays the first step by itself
  expect(live.map((e) => e.atSec)).toEqual([2, 6]);
  engine.startTraining({ program }, 20);
  const scheduled = () =>
    beatEvents(sent)
      .filter((e) => e.rampSec === 1 || e.rampSec === 4)
      .map((e) => e.value);
  await stream(3, 2);
  expect(scheduled()).toEqual([8]); // step 2 started on time
  await stream(12, 2);
  // low alpha, 15 s in: step 2 is held past its nominal end at 6 s
  expect(scheduled()).toEqual([8]);
  expect(engine.status().schedule!.step).toMatchObject({ label: 'step 2', holding: true, trueSec: 0 });
  await stream(7, 25); // alpha rises: once relative alpha has stayed above 0.7 for 5 s, step 3 begins
  const atRelease = engine.status().schedule!;
  expect(atRelease.passed).toEqual([{ label: 'step 2', how: 'condition' }]);
  expect(scheduled()).toEqual([8, 6]);
  // The program clock waited: step 3 began at program time 6 s, though more than 20 s had passed.
  expect(atRelease.programSec).toBeLessThan(8);
  // It went on only after 5 s of the condition: not within the first 4.5 s of high alpha (window lag included).
  const releaseUpdate = sent.findIndex((s) => s.events.some((e) => e.type === 'param' && e.rampSec === 4));
  expect(releaseUpdate).toBeGreaterThanOrEqual(sent.length - 14 + 10); // 7 s = 14 updates; at least 10 (5 s) in
});

test('an advance-if step leaves early when its metric rises over its baseline', async () => {
  const { engine, sent, stream } = await calibrated();
  const program = scheduleToProgram({
    durationSec: 600,
    voices: [{ kind: 'binaural', level: 0.6, carrierHz: 200, beatHz: 10 }],
    steps: [
      { atSec: 0, advanceWhen: { metric: { kind: 'relative-power', band: 'alpha' }, risesBy: 0.3, baselineSec: 3 } },
      { atSec: 300, rampSec: 2, set: [{ voice: 0, param: 'beatHz', value: 7 }] },
    ],
  });
  engine.startTraining({ program }, 20);
  await stream(8, 2); // baseline ~0.4, no rise: still in step 1
  expect(engine.status().schedule!.step!.baseline).toBeGreaterThan(0.3);
  expect(beatEvents(sent)).toEqual([]);
  await stream(5, 25);
  expect(beatEvents(sent).map((e) => e.value)).toEqual([7]);
  expect(engine.status().schedule).toMatchObject({ passed: [{ label: 'step 1', how: 'condition' }], done: true });
});

test('bad mappings are refused with the field named, and training does not start', async () => {
  const { engine } = await calibrated();
  const bad = (mapping: object) => ({
    mappings: [{ metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12], ...mapping }],
  });
  expect(() => engine.startTraining({ mappings: bad({ output: [8, 200] }), program: preset(10) }, 0)).toThrow(
    /mapping\.mappings\[0\]\.output\[1\]: beatHz must be 0\.\.100 Hz, got 200/,
  );
  expect(() =>
    engine.startTraining({ mappings: bad({ metric: { kind: 'relative-power', band: 'alpha', electrodes: ['F3'] } }), program: preset(10) }, 0),
  ).toThrow(/mapping\.mappings\[0\]\.metric: F3 is not a channel of this stream \(AF7, AF8, TP9, TP10\)/);
  expect(() => engine.startTraining({ mappings: bad({ target: { voice: 'noise', param: 'beatHz' } }), program: preset(10) }, 0)).toThrow(
    /mappings\[0\]\.target: voice 1 is pink, which has no beatHz/,
  );
  expect(engine.status().phase).toBe('idle');
  expect(engine.status().error).toMatch(/pink, which has no beatHz/);
  // A refused start leaves a running training as it was.
  engine.startTraining({ mappings: bad({}), program: preset(10) }, 0);
  expect(() => engine.startTraining({ mappings: bad({ input: [12, 8] }), program: preset(10) }, 0)).toThrow(/input must rise/);
  expect(engine.status()).toMatchObject({ phase: 'training', mapping: { mappings: [expect.objectContaining({ input: [8, 12] })] } });
});

test('a mapping on the EEG itself trains without a calibration; one on the score asks for it', async () => {
  const { engine, sent, stream } = setUp();
  await stream(2, 2);
  const peak = { metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12], maxRatePerSec: 2 };
  const score = { metric: { kind: 'score' }, target: { voice: 'noise', param: 'level' }, input: [0, 1], output: [0.3, 0] };
  expect(() => engine.startTraining({ mappings: { mappings: [peak, score] }, program: preset(10) }, 0)).toThrow(
    /reads the training score: calibrate/,
  );
  expect(() => engine.startTraining({}, 0)).toThrow(/calibrate .* before training/);
  engine.startTraining({ mappings: { mappings: [peak] }, program: preset(10) }, 0);
  await stream(12, 25, 11);
  expect(beatEvents(sent).at(-1)!.value).toBeCloseTo(peakAlphaOf(11), 1);
  const out = engine.status().output!;
  expect(out.score).toBeNaN();
  expect([out.paused, out.rewarded, out.chime]).toEqual([false, false, false]);
});

test('entrainment: a response locked to the beat is "following", none is "not following", a short run "not enough data"', async () => {
  const run = async (responseUv: number, responseHz: number, seconds: number) => {
    const { engine, stream, now } = setUp();
    await stream(2, 0);
    // The program's second 0 was heard 1.25 s ago (the audio clock): the beat's phase is referred to it.
    engine.startTraining({ mappings: { mappings: [] }, program: preset(10), programStartHostMs: now() - 1250 }, 20);
    await stream(seconds, responseUv, responseHz);
    return engine.status().entrainment!;
  };
  const locked = await run(3, 10, 30);
  expect(locked.beatHz).toBe(10);
  expect(locked.result).toMatchObject({ verdict: 'following', stimulusHz: 10 });
  expect(locked.result!.lockedP).toBeLessThan(1e-6);
  expect(locked.words).toMatch(/^Following the 10 Hz beat: Your EEG follows the 10 Hz beat: locked response p = /);
  // Noise alone, and a rhythm whose phase drifts against the beat (10.3 Hz): nothing is locked to 10 Hz.
  for (const [uv, hz] of [
    [0, 10],
    [3, 10.3],
  ] as const) {
    const r = await run(uv, hz, 30);
    expect(r.result?.verdict).toBe('not following');
    expect(r.result!.lockedP).toBeGreaterThan(0.01);
  }
  const short = await run(3, 10, 8);
  expect(short.result?.verdict ?? 'not enough data').toBe('not enough data');
  expect(short.words).toMatch(/not enough data yet|Not enough data yet/i);
});

test('entrainment: a beat that changes starts the gathering again; a program that sweeps its beat is not measured', async () => {
  const { engine, stream, now } = setUp();
  await stream(2, 0);
  const peak = { metric: { kind: 'peak-alpha' }, target: { voice: 'beat', param: 'beatHz' }, input: [8, 12], output: [8, 12], maxRatePerSec: 2 };
  engine.startTraining({ mappings: { mappings: [peak] }, program: preset(10), programStartHostMs: now() }, 20);
  await stream(6, 25, 11); // the beat moves towards 11 Hz with every update
  const moving = engine.status().entrainment!;
  expect(moving.beatHz).not.toBe(10);
  expect(moving.seconds).toBeLessThan(2);
  expect(moving.result).toBeNull();
  engine.stopTraining();
  const sweep = preset(10);
  sweep.events.push({ type: 'param', atSec: 60, voice: 0, param: 'beatHz', value: 6, rampSec: 30 });
  engine.startTraining({ mappings: { mappings: [] }, program: sweep }, 20);
  await stream(1, 0);
  expect(engine.status().entrainment).toMatchObject({ beatHz: null, result: null, words: expect.stringMatching(/changes its beat/) });
});

test('a kept calibration is used again (checked first); the latency report gives the window and its delay apart from the filter delay', async () => {
  const { engine, stream, now } = setUp();
  engine.calibrate('open', 5);
  await stream(5, 2);
  engine.calibrate('closed', 5);
  await stream(5, 25);
  const made = engine.useCalibration('relaxation');
  expect(made.madeAtMs).toBe(now());
  expect(made.open!.frames).toBeGreaterThanOrEqual(5);
  expect(made.closed!.mean).toBeCloseTo(made.oneAt, 12);
  expect(made.bands!.closed.alpha!).toBeGreaterThan(made.bands!.open.alpha! * 1.5);
  const kept = JSON.parse(JSON.stringify(made));

  const again = setUp();
  expect(() => again.engine.setCalibration({ ...kept, oneAt: 'x' })).toThrow(
    /kept calibration cannot be used: calibration.zeroAt and calibration.oneAt must be finite/,
  );
  expect(again.engine.status().calibration).toBeNull();
  again.engine.setCalibration(kept);
  expect(again.engine.status().calibration).toEqual(kept);
  await again.stream(2, 25);
  again.engine.startTraining({ direction: 'up', threshold: 0.5 }, 20);
  await again.stream(3, 25);
  const status = again.engine.status();
  expect(status.output!.probability!.p).toBeGreaterThan(0.9); // eyes-closed alpha against that baseline
  expect(status.output!.probability!.low).toBeLessThanOrEqual(status.output!.probability!.p);
  expect(status.output!.moved[0]).toMatchObject({ band: 'alpha' });
  expect(status.output!.moved[0]!.change).toBeGreaterThan(0.2);
  // No causal filter before the band powers (Welch over the window): the filter delay is 0 by design,
  // and the window's own delay is half the 4 s window analysed.
  expect(status.latency).toMatchObject({ windowMs: 4000, windowDelayMs: 2000, filterDelayMs: 0 });
  expect(status.output!.filterDelayMs).toBe(0);
});

test('a causal filter in the analysis reports its designed group delay at the band of interest', () => {
  const sos = designButterworth(4, [8, 13], 'bandpass', RATE);
  const delay = analysisFilterDelayMs(RATE, [sos]);
  expect(delay).toBeCloseTo(getGroupDelay(sos, BAND_OF_INTEREST_HZ, RATE) * 1000, 9);
  expect(delay).toBeGreaterThan(20); // a 4th-order 8-13 Hz band-pass delays alpha by tens of ms
  expect(analysisFilterDelayMs(RATE)).toBe(0); // the analysis in use: Welch over the window, no causal filter
});

/** Adds `uv(sampleInChunk, channel)` µV to a chunk of frames (| index | hostMs | AF7 | AF8 | TP9 | TP10 |). */
function addTo(frames: Float64Array, uv: (f: number, c: number) => number): Float64Array {
  const width = 2 + LABELS.length;
  for (let f = 0; f < frames.length / width; f++) for (let c = 0; c < LABELS.length; c++) frames[f * width + 2 + c]! += uv(f, c);
  return frames;
}

/** Trains (classic loop) after a calibration, then streams `chunks` of 500 ms, each changed by `change` (or clean). */
async function trainWith(change: (chunk: number, frames: Float64Array, nowMs: number) => void, chunks = 12) {
  const rig = await calibrated();
  rig.engine.startTraining({ direction: 'up', threshold: 0.5 }, 20);
  await rig.stream(2, 25); // clean, before anything happens
  const outputs: Array<{ chunk: number; paused: boolean; reason: string | null; windowSamples: number }> = [];
  /** Updates sent to the sound after each chunk. */
  const updates: number[] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    rig.advance(500);
    const frames = rig.headset.frames(0.5, 25, rig.now());
    change(chunk, frames, rig.now());
    rig.engine.feed(frames);
    const before = rig.engine.status().analysedFrames;
    await rig.engine.tick();
    const s = rig.engine.status();
    updates.push(s.updates);
    if (s.analysedFrames > before)
      outputs.push({ chunk, paused: s.output!.paused, reason: s.output!.pauseReason ?? null, windowSamples: rig.analysedLengths.at(-1)! });
  }
  return { ...rig, outputs, updates };
}

test('artifacts gate: clean data never pauses (the gate does not always fire)', async () => {
  const { engine, outputs } = await trainWith(() => {});
  expect(outputs).toHaveLength(12);
  expect(outputs.every((o) => !o.paused && o.reason === null)).toBe(true);
  expect(engine.status().pauses).toEqual([]);
  expect(engine.status().output!.rewarded).toBe(true);
});

test('artifacts gate: a blink on AF7/AF8 pauses with its reason, no window holding it is scored, and it resumes after the refractory time', async () => {
  // A 150 µV, 300 ms blink from 100 ms into chunk 2 (ALBI's blink detector finds it on the frontal channels).
  const blink = (f: number, c: number) => (c < 2 && f >= 25 && f < 100 ? 150 * Math.sin((Math.PI * (f - 25)) / 75) : 0);
  const { engine, outputs, sent, updates } = await trainWith((chunk, frames) => chunk === 2 && addTo(frames, blink));
  // While it waits for clean signal the pause holds, still one update per 500 ms (the sound hears it is paused).
  expect(updates.slice(1).map((u, i) => u - updates[i]!)).toEqual(Array(11).fill(1));
  expect(outputs.filter((o) => o.paused).map((o) => [o.chunk, o.reason])).toEqual([[2, 'blink']]);
  // Then nothing is analysed until 1 s of clean signal follows the blink's end + 0.5 s (0.4 + 0.5 + 1 s
  // after chunk 2 began: the analysis after chunk 5), and that window starts after the blink.
  const resumed = outputs.find((o) => o.chunk > 2)!;
  expect(resumed).toMatchObject({ chunk: 5, paused: false, reason: null });
  expect(resumed.windowSamples).toBeLessThan(1.5 * RATE); // from after the blink's refractory time, not the full 4 s
  expect(engine.status().latency!.windowMs).toBe(4000); // the loop's window as reported beside the latency
  const [pause] = engine.status().pauses!;
  expect(pause).toMatchObject({ reason: 'blink' });
  expect(pause!.endMs! - pause!.startMs).toBe(1500); // three 500 ms analyses
  // Paused, the sound's master gain went to 0.25; the update that resumed brought it back.
  const gains = sent.slice(-10).flatMap((s) => s.events.filter((e): e is ParamEvent => e.type === 'param' && e.voice === 'master'));
  expect(gains.map((g) => g.value)).toContain(0.25);
  expect(gains.at(-1)!.value).toBe(1);
});

test('artifacts gate: a jaw clench (broadband EMG over its calibrated 30-45 Hz baseline) pauses as a jaw clench', async () => {
  let seed = 7;
  const emg = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 80; // ±40 µV
  const { engine, outputs } = await trainWith((chunk, frames) => chunk === 3 && addTo(frames, () => emg()));
  expect(engine.status().calibration!.emgBaselineUv2!.TP9).toBeGreaterThan(0);
  expect(outputs.filter((o) => o.paused).map((o) => o.reason)).toEqual(['jaw clench']);
  expect(engine.status().pauses!.map((p) => [p.reason, p.endMs !== null])).toEqual([['jaw clench', true]]);
});

test('artifacts gate: an accelerometer jolt pauses as movement; the head swaying slowly does not', async () => {
  const accelRate = 50;
  /** 500 ms of accelerometer frames ending at the EEG chunk's newest sample: a slow sway, and a 0.4 g jolt when asked. */
  const accel = (nowMs: number, jolt: boolean) => {
    const n = accelRate / 2;
    const out = new Float64Array(n * 5);
    for (let f = 0; f < n; f++) {
      const hostMs = nowMs - 30 - ((n - 1 - f) * 1000) / accelRate;
      out.set([f, hostMs, 0.02 * Math.sin(hostMs / 800), 0.01, 0.98 + (jolt && f >= 10 && f < 15 ? 0.4 : 0)], f * 5);
    }
    return out;
  };
  const rig = await calibrated();
  rig.engine.startTraining({ direction: 'up', threshold: 0.5 }, 20);
  const reasons: Array<string | null> = [];
  for (let chunk = 0; chunk < 10; chunk++) {
    rig.advance(500);
    rig.engine.feedMotion(accel(rig.now(), chunk === 6), 3, accelRate);
    rig.engine.feed(rig.headset.frames(0.5, 25, rig.now()));
    await rig.engine.tick();
    reasons.push(rig.engine.status().output?.pauseReason ?? null);
  }
  expect(reasons.slice(0, 6).every((r) => r === null)).toBe(true); // swaying only
  expect(reasons[6]).toBe('movement');
  expect(rig.engine.status().pauses!.map((p) => p.reason)).toEqual(['movement']);
});

test('poor signal says which channels: flat AF8, TP9 and TP10 pause as "poor signal on AF8, TP9, TP10"', async () => {
  const { outputs } = await trainWith((chunk, frames) => {
    if (chunk < 4) return;
    const width = 2 + LABELS.length;
    // AF8, TP9, TP10 flat from chunk 4 (a constant channel scores 0; the mean quality falls under 0.5).
    for (let f = 0; f < frames.length / width; f++) for (const c of [1, 2, 3]) frames[f * width + 2 + c] = 0;
  });
  expect(outputs.slice(0, 4).every((o) => !o.paused)).toBe(true);
  expect(outputs.at(-1)).toMatchObject({ paused: true, reason: 'poor signal on AF8, TP9, TP10' });
});
