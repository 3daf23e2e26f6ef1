// Parallel WAV render: spans rendered side by side (worker_threads) join into exactly the
// single-threaded file; a split whose start state is wrong is caught and rendered again; bad
// input and a dying worker fail at once.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWavStream, loadJona, ProgramPlayer, type Program } from '../src/jona/index.ts';
import { renderWavFile } from '../src/jona/render-file.node.ts';
import { planSpans, renderSpan, sameState, wavByteOffset } from '../src/jona/render-spans.ts';

const SR = 48000;
const dir = mkdtempSync(path.join(tmpdir(), 'jona-spans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function wavOf(program: Program, seed: number, bitDepth: 16 | 24 = 16): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of createWavStream(program, { sampleRateHz: SR, bitDepth, seed }).read() as unknown as AsyncIterable<Uint8Array>)
    parts.push(chunk);
  return Buffer.concat(parts);
}

// 20 s; two spans split at 10 s (frame 479_232 after rounding to the kernel block), with a
// beat slide and a pink level step that are in progress across the split.
const scheduled: Program = {
  durationSec: 20,
  masterGain: 1,
  voices: [
    { kind: 'binaural', level: 0.5, carrierHz: 200, beatHz: 10 },
    { kind: 'pink', level: 0.3 },
  ],
  events: [
    { type: 'param', atSec: 9.5, voice: 0, param: 'beatHz', value: 4, rampSec: 2 },
    { type: 'param', atSec: 9.99, voice: 1, param: 'level', value: 0.5 },
  ],
};

// Every voice kind, ramps across the split, bell strikes and a limiter at work.
const busy: Program = {
  durationSec: 12,
  masterGain: 1.6,
  voices: [
    { kind: 'binaural', level: 0.4, carrierHz: 200, beatHz: 10 },
    { kind: 'isochronic', level: 0.2, carrierHz: 300, beatHz: 8, duty: 0.4 },
    { kind: 'monaural', level: 0.1, carrierHz: 250, beatHz: 6 },
    { kind: 'tone', level: 0.1, carrierHz: 432, pan: -0.4 },
    { kind: 'pink', level: 0.3 },
    { kind: 'brown', level: 0.2 },
    { kind: 'white', level: 0.05 },
    { kind: 'bell', level: 0.6, carrierHz: 880 },
  ],
  events: [
    { type: 'param', atSec: 0.5, voice: 0, param: 'carrierHz', value: 400, rampSec: 6, curve: 'exp' },
    { type: 'param', atSec: 1, voice: 4, param: 'level', value: 0.6, rampSec: 5 },
    { type: 'param', atSec: 2, voice: 'master', param: 'gain', value: 0.7, rampSec: 4.5 },
    ...[1.5, 3.9, 5].map((atSec) => ({ type: 'trigger' as const, atSec, voice: 7 })),
  ],
};

describe('parallel WAV render', () => {
  it('plans contiguous spans at block multiples, fewer for short programs, and refuses zero frames', () => {
    const spans = planSpans(960_000, 2);
    expect(spans).toEqual([
      { index: 0, startFrame: 0, endFrame: 479_232 },
      { index: 1, startFrame: 479_232, endFrame: 960_000 },
    ]);
    expect(planSpans(100_000, 8)).toHaveLength(1);
    expect(() => planSpans(0, 2)).toThrow(/at least one frame/);
  });

  it('two worker threads write the same file as the single-threaded render (SHA-256), across a schedule change', async () => {
    const expected = sha256(await wavOf(scheduled, 3));
    const file = path.join(dir, 'two.wav');
    const result = await renderWavFile(scheduled, { sampleRateHz: SR, bitDepth: 16, seed: 3, threads: 2 }, file);
    expect(result.spans).toHaveLength(2);
    expect(result.rerendered).toEqual([]); // the guessed start state had converged
    expect(sha256(readFileSync(file))).toBe(expected);
  });

  it('skip + warm-up reaches the real kernel state, every voice kind, at odd frames, mid-ramp and while limiting', async () => {
    const kernel = await loadJona();
    const options = { sampleRateHz: SR, bitDepth: 24 as const, seed: 9 };
    for (const at of [150_001, 250_003, 330_000]) {
      const real = new ProgramPlayer(kernel, busy, SR, 9);
      real.render(at - 4096, () => {});
      real.render(4096, () => {}); // the same last render as renderSpan's warm-up (see TAIL_FRAMES)
      const state = real.kernel.saveState();
      const total = Math.round(busy.durationSec * SR);
      const { startState } = renderSpan(kernel, busy, options, { index: 1, startFrame: at, endFrame: total }, () => {});
      expect(sameState(startState, state)).toBe(true);
    }
  });

  it('a mis-restored split changes the bytes, and the join catches it and renders the span again', async () => {
    const reference = await wavOf(busy, 9, 24);
    const kernel = await loadJona();
    const options = { sampleRateHz: 48000 as const, bitDepth: 24 as const, seed: 9, warmFrames: 4096 };
    const [first, second] = planSpans(Math.round(busy.durationSec * SR), 2);
    // Too short a warm-up: brown noise, the pink filters and the limiter have not converged.
    const joined = Buffer.from(reference);
    const write = (bytes: Uint8Array, at: number) => joined.set(bytes, at);
    const a = renderSpan(kernel, busy, options, first!, write);
    const b = renderSpan(kernel, busy, options, second!, write);
    expect(sameState(b.startState, a.endState)).toBe(false);
    expect(sha256(joined)).not.toBe(sha256(reference)); // the SHA test would fail on this join
    expect(joined.subarray(0, wavByteOffset(second!.startFrame, 24)).equals(reference.subarray(0, wavByteOffset(second!.startFrame, 24)))).toBe(true);
    // Restored exactly from span 0's end state, span 1 is right.
    renderSpan(kernel, busy, options, second!, write, { frame: second!.startFrame, state: a.endState! });
    expect(sha256(joined)).toBe(sha256(reference));
    // The worker render does the same check by itself.
    const file = path.join(dir, 'short-warm.wav');
    const result = await renderWavFile(busy, { ...options, threads: 2 }, file);
    expect(result.rerendered).toEqual([1]);
    expect(sha256(readFileSync(file))).toBe(sha256(reference));
  });

  it('refuses a zero-length program at once, before starting workers', async () => {
    const file = path.join(dir, 'empty.wav');
    await expect(renderWavFile({ ...scheduled, durationSec: 0 }, { sampleRateHz: SR, bitDepth: 16, threads: 2 }, file)).rejects.toThrow(
      /durationSec must be a positive number/,
    );
    await expect(renderWavFile({ ...scheduled, durationSec: 1e-6 }, { sampleRateHz: SR, bitDepth: 16, threads: 2 }, file)).rejects.toThrow(
      /at least one frame/,
    );
  });

  it('a worker that dies fails the render at once instead of hanging', async () => {
    const long: Program = { ...scheduled, durationSec: 3600 };
    const file = path.join(dir, 'dies.wav');
    const started = performance.now();
    const render = renderWavFile(long, { sampleRateHz: SR, bitDepth: 16, threads: 2, onWorkers: (workers) => void workers[0]!.terminate() }, file);
    await expect(render).rejects.toThrow(/span 1: render worker exited/);
    // Far less than rendering the hour: the other worker is not waited for.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops when its AbortSignal fires', async () => {
    const controller = new AbortController();
    const render = renderWavFile(
      { ...scheduled, durationSec: 600 },
      { sampleRateHz: SR, bitDepth: 16, threads: 2, signal: controller.signal },
      path.join(dir, 'abort.wav'),
    );
    setTimeout(() => controller.abort(new Error('cancelled by the test')), 50);
    await expect(render).rejects.toThrow(/cancelled by the test/);
  });
});
