// The filter pool (src/filter-pool.ts) on real Node worker_threads: bit for bit the single-thread
// sosfiltfiltChannels (and so SciPy, on the S001R01 reference channel), the same DspErrors for bad
// input with the caller's channel index, and a worker that dies fails the call at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FilterPool, type FilterReply, type PoolWorker, createFilterPool } from '../src/filter-pool.ts';
import { createNodeFilterPool } from '../src/filter-pool-hosts.ts';
import { DspError, DspStatus, loadAlbi, type Albi } from '../src/index.ts';
import { eegDir, loadChannels, loadReference, relRms } from './support/reference.ts';

let albi: Albi;
let pool: FilterPool;
beforeAll(async () => {
  albi = await loadAlbi();
  pool = await createNodeFilterPool(2);
});
afterAll(() => pool?.close());

function noise(n: number, seed = 1): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = s / 2147483648 - 0.5;
  }
  return out;
}

/** Byte-for-byte equality (toEqual would let -0 and 0, or two NaNs, pass). */
function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('filter pool (Node worker_threads)', () => {
  it('equals sosfiltfiltChannels bit for bit, odd channel counts included, and leaves the inputs alone', async () => {
    const sos = [...albi.designButterworth(4, [1, 40], 'bandpass', 250), ...albi.designNotch(50, 30, 250)];
    for (const count of [1, 2, 5, 8]) {
      const channels = Array.from({ length: count }, (_, c) => noise(20_000, c + 7));
      const copies = channels.map((x) => x.slice());
      const pooled = await pool.sosfiltfiltChannels(sos, channels);
      const single = albi.sosfiltfiltChannels(sos, channels);
      expect(pooled.length).toBe(count);
      pooled.forEach((y, c) => expectSameBits(y, single[c]!));
      channels.forEach((x, c) => expectSameBits(x, copies[c]!));
    }
    // plain arrays and a custom padlen go through the same checks and conversions
    const plain = [Array.from(noise(3000, 1)), Array.from(noise(3000, 2)), Array.from(noise(3000, 3))];
    const pooled = await pool.sosfiltfiltChannels(sos, plain, { padlen: 100 });
    albi.sosfiltfiltChannels(sos, plain, { padlen: 100 }).forEach((y, c) => expectSameBits(pooled[c]!, y));
  });

  it('without SharedArrayBuffer (a page that is not crossOriginIsolated) transfers the pairs instead: same bits', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const sos = albi.designButterworth(3, [2, 30], 'bandpass', 250);
    const channels = Array.from({ length: 5 }, (_, c) => noise(9000, c + 3));
    g.crossOriginIsolated = false;
    const transferPool = await createNodeFilterPool(2);
    try {
      const pooled = await transferPool.sosfiltfiltChannels(sos, channels);
      albi.sosfiltfiltChannels(sos, channels).forEach((y, c) => expectSameBits(pooled[c]!, y));
    } finally {
      delete g.crossOriginIsolated;
      transferPool.close();
    }
  });

  it("options.into: the results land in the caller's arrays (the same objects, reused call after call), same bits", async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const sos = albi.designButterworth(4, [1, 40], 'bandpass', 250);
    const channels = Array.from({ length: 5 }, (_, c) => noise(8000, c + 21));
    const expected = albi.sosfiltfiltChannels(sos, channels);
    const into = channels.map(() => new Float64Array(8000).fill(7));
    const single = albi.sosfiltfiltChannels(sos, channels, { into });
    single.forEach((y, c) => {
      expect(y).toBe(into[c]);
      expectSameBits(y, expected[c]!);
    });
    into.forEach((o) => o.fill(7));
    for (const round of [1, 2]) {
      const pooled = await pool.sosfiltfiltChannels(sos, channels, { into });
      pooled.forEach((y, c) => {
        expect(y, `round ${round}`).toBe(into[c]);
        expectSameBits(y, expected[c]!);
      });
    }
    // the transfer path (no SharedArrayBuffer) copies into them too
    into.forEach((o) => o.fill(7));
    g.crossOriginIsolated = false;
    const transferPool = await createNodeFilterPool(2);
    try {
      const pooled = await transferPool.sosfiltfiltChannels(sos, channels, { into });
      pooled.forEach((y, c) => {
        expect(y).toBe(into[c]);
        expectSameBits(y, expected[c]!);
      });
    } finally {
      delete g.crossOriginIsolated;
      transferPool.close();
    }
    // in place: into may be the inputs themselves
    const own = channels.map((x) => x.slice());
    albi.sosfiltfiltChannels(sos, own, { into: own }).forEach((y, c) => expectSameBits(y, expected[c]!));
  });

  it('options.into that does not fit the channels: a DspError naming it, on one thread and in the pool', async () => {
    const sos = albi.designButterworth(2, 20, 'lowpass', 250);
    const channels = [noise(3000, 1), noise(3000, 2), noise(3000, 3)];
    for (const [into, argument, message] of [
      [[new Float64Array(3000)], 'options.into', /must be an array of 3 Float64Arrays/],
      [[new Float64Array(3000), new Float64Array(2999), new Float64Array(3000)], 'options.into[1]', /has 2999 samples but the channels have 3000/],
      [[new Float64Array(3000), new Float64Array(3000), new Float32Array(3000)], 'options.into[2]', /must be a Float64Array/],
    ] as const) {
      const options = { into: into as unknown as Float64Array[] };
      expect(() => albi.sosfiltfiltChannels(sos, channels, options)).toThrow(message);
      const error = (await rejection(pool.sosfiltfiltChannels(sos, channels, options))) as DspError;
      expect(error).toBeInstanceOf(DspError);
      expect(error.argument).toBe(argument);
      expect(error.message).toMatch(message);
    }
  });

  it('calls of different lengths at once, and one after another, each get their own results', async () => {
    const sos = albi.designButterworth(2, 20, 'lowpass', 250);
    const a = Array.from({ length: 6 }, (_, c) => noise(5000, c + 1));
    const b = Array.from({ length: 3 }, (_, c) => noise(7000, c + 11));
    const [ya, yb] = await Promise.all([pool.sosfiltfiltChannels(sos, a), pool.sosfiltfiltChannels(sos, b)]);
    albi.sosfiltfiltChannels(sos, a).forEach((y, c) => expectSameBits(ya![c]!, y));
    albi.sosfiltfiltChannels(sos, b).forEach((y, c) => expectSameBits(yb![c]!, y));
    const again = await pool.sosfiltfiltChannels(sos, b);
    albi.sosfiltfiltChannels(sos, b).forEach((y, c) => expectSameBits(again[c]!, y));
  });

  it('matches SciPy on the S001R01 reference channel (as the single-thread kernel does)', async () => {
    const info = JSON.parse(readFileSync(path.join(eegDir, 'S001R01.edf.filtered_ch1.json'), 'utf8')) as {
      output_first_2000: number[];
      fs_hz: number;
    };
    const ref = loadReference('S001R01.edf');
    const [fc5, other] = loadChannels('S001R01.edf', ref);
    const sos = [...albi.designButterworth(4, [1, 40], 'bandpass', info.fs_hz), ...albi.designNotch(60, 30, info.fs_hz)];
    const [y] = await pool.sosfiltfiltChannels(sos, [fc5!.samples, other!.samples]);
    expect(relRms(y!.subarray(0, 2000), info.output_first_2000)).toBeLessThan(1e-7);
    expectSameBits(y!, albi.sosfiltfilt(sos, fc5!.samples));
  });

  it('bad input: the same DspError as on one thread; NaN/Infinity named with the caller channel index', async () => {
    const sos = albi.designButterworth(4, [1, 40], 'bandpass', 250);
    const mismatch = await rejection(pool.sosfiltfiltChannels(sos, [noise(3000, 1), noise(2000, 2)]));
    expect(mismatch).toBeInstanceOf(DspError);
    expect((mismatch as DspError).argument).toBe('channels[1]');
    expect((mismatch as DspError).message).toMatch(/channels\[1\] has 2000 samples/);
    expect(await rejection(pool.sosfiltfiltChannels([1, 2, 3], [noise(3000, 1)]))).toBeInstanceOf(DspError);
    expect(await rejection(pool.sosfiltfiltChannels(sos, []))).toBeInstanceOf(DspError);

    const channels = Array.from({ length: 7 }, (_, c) => noise(3000, c + 1));
    for (const [ch, at, value, shown] of [
      [5, 2999, NaN, 'NaN'],
      [2, 0, Infinity, 'Infinity'],
      [6, 1500, -Infinity, '-Infinity'],
    ] as const) {
      const bad = channels.map((x) => x.slice());
      bad[ch]![at] = value;
      const error = (await rejection(pool.sosfiltfiltChannels(sos, bad))) as DspError;
      expect(error).toBeInstanceOf(DspError);
      expect(error.code).toBe(DspStatus.nonFinite);
      expect(error.argument).toBe(`channels[${ch}]`);
      expect(error.message).toBe(`channels[${ch}][${at}] is ${shown}; samples must be finite numbers`);
    }
    const lowpass = albi.designButterworth(4, 10, 'lowpass', 250);
    const huge = noise(3000, 1).map((v) => 1e308 + v * 1e307);
    const overflow = (await rejection(pool.sosfiltfiltChannels(lowpass, [noise(3000, 1), noise(3000, 2), noise(3000, 3), huge]))) as DspError;
    expect(overflow.argument).toBe('channels[2..3]');
    expect(overflow.message).toMatch(/^channels\[2\.\.3\] overflowed/);
    // the pool keeps working after errors
    const [y] = await pool.sosfiltfiltChannels(sos, [channels[0]!]);
    expectSameBits(y!, albi.sosfiltfilt(sos, channels[0]!));
  });
});

/** A worker_threads Worker running `code` (plain JS), adapted as filter-pool-hosts.ts does. */
function evalWorker(code: string): PoolWorker {
  const worker = new Worker(code, { eval: true });
  let ended = false;
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onDeath) {
      const die = (error: Error): void => {
        if (!ended) onDeath(error);
        ended = true;
      };
      worker.on('message', (m: FilterReply) => onReply(m));
      worker.on('error', die);
      worker.on('exit', (code) => die(new Error(`exited with code ${code}`)));
    },
    terminate() {
      ended = true;
      void worker.terminate();
    },
  };
}

describe('filter pool: a worker that dies', () => {
  const sos = [0.1, 0.2, 0.1, 1, -0.5, 0.2];
  const channels = Array.from({ length: 6 }, (_, c) => noise(2000, c + 1));

  it('fails the call at once when a worker exits, crashes or cannot load its kernels', async () => {
    for (const [code, expected] of [
      [
        `require('node:worker_threads').parentPort.on('message', (m) => { if (m.type !== 'init') process.exit(3); });`,
        /filter worker \d died: exited with code 3/,
      ],
      [
        `require('node:worker_threads').parentPort.on('message', (m) => { if (m.type !== 'init') throw new Error('boom'); });`,
        /filter worker \d died: boom/,
      ],
      [
        `require('node:worker_threads').parentPort.postMessage({ type: 'failed', message: 'albi.wasm did not load: 404' });`,
        /died: albi.wasm did not load: 404/,
      ],
    ] as const) {
      const dying = createFilterPool(() => evalWorker(code), 2);
      const started = performance.now();
      const error = await rejection(dying.sosfiltfiltChannels(sos, channels));
      expect(String(error)).toMatch(expected);
      expect(performance.now() - started).toBeLessThan(5000); // not a time-out: at once
      dying.close();
    }
  });

  it('starts fresh workers for the next call after a death', async () => {
    let spawned = 0;
    const flaky = createFilterPool(
      () =>
        ++spawned === 1
          ? evalWorker(`require('node:worker_threads').parentPort.on('message', (m) => { if (m.type !== 'init') process.exit(1); });`)
          : evalWorker(
              // answers every request with its channels unchanged: enough to see that the call completes
              `const { parentPort } = require('node:worker_threads');
               const unchanged = (m) => m.staged ? m.staged.slots.map((s) => new Float64Array(m.staged.buffer, s * m.staged.n * 8, m.staged.n).slice()) : m.channels;
               parentPort.on('message', (m) => { if (m.type === 'sosfiltfilt') parentPort.postMessage({ type: 'filtered', jobId: m.jobId, channels: unchanged(m) }); });`,
            ),
      1,
    );
    expect(String(await rejection(flaky.sosfiltfiltChannels(sos, channels)))).toMatch(/died: exited with code 1/);
    const out = await flaky.sosfiltfiltChannels(sos, channels);
    out.forEach((y, c) => expectSameBits(y, channels[c]!));
    expect(spawned).toBe(2);
    flaky.close();
    expect(String(await rejection(flaky.sosfiltfiltChannels(sos, channels)))).toMatch(/closed/);
  });
});
