// The neurofeedback loop as its worker runs it, with the real ALBI kernels (albi.wasm) and a clock the
// test moves: acquisition frames in, calibration, training, tagged events out, latency measured from
// the host time of the newest analysed sample.
import { beforeAll, expect, test } from 'vitest';
import { loadAlbi, type Albi } from '../../dsp-wasm/src/index.ts';
import type { ProgramEvent } from '../../dsp-wasm/src/jona/program.ts';
import { NeurofeedbackEngine, type NeurofeedbackStatus } from './neurofeedback-engine.ts';

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
    frames(seconds: number, alphaUv: number, nowMs: number, skip = 0): Float64Array {
      index += skip;
      const n = Math.round(seconds * RATE);
      const width = 2 + LABELS.length;
      const out = new Float64Array(n * width);
      for (let f = 0; f < n; f++, index++) {
        out[f * width] = index;
        out[f * width + 1] = nowMs - arrivalLagMs - ((n - 1 - f) * 1000) / RATE;
        for (let c = 0; c < LABELS.length; c++) out[f * width + 2 + c] = alphaUv * Math.sin((2 * Math.PI * 10 * index) / RATE + c) + noise();
      }
      return out;
    },
  };
}

function setUp(arrivalLagMs = 30) {
  let nowMs = 1_700_000_000_000;
  const sent: Array<{ events: ProgramEvent[]; tag: number }> = [];
  const statuses: NeurofeedbackStatus[] = [];
  const engine = new NeurofeedbackEngine({
    analyze: (channels, rate) => albi.analyzeChannels(channels, rate, { mainsHz: 50 }),
    now: () => nowMs,
    sendToSound: (events, tag) => (sent.push({ events, tag }), true),
    onStatus: (s) => statuses.push(s),
  });
  engine.attach({ labels: LABELS, sampleRateHz: RATE });
  const headset = makeHeadset(arrivalLagMs);
  /** Streams `seconds` in 500 ms steps, analysing after each, as the worker's timer does. */
  const stream = async (seconds: number, alphaUv: number) => {
    for (let t = 0; t < seconds; t += 0.5) {
      nowMs += 500;
      engine.feed(headset.frames(0.5, alphaUv, nowMs));
      await engine.tick();
    }
  };
  return { engine, sent, statuses, stream, headset, now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
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
  expect(last.latency).toEqual({ p50Ms: 50, p95Ms: 50, count: sent.length });

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
