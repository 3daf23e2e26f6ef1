// Render checkpoints: resuming from a saved kernel state continues bit for bit (every state the
// future depends on is saved), and WAV byte ranges served from checkpoints equal the whole file.
import { describe, expect, it } from 'vitest';
import { createWavStream, loadJona, ProgramPlayer, type Program } from '../src/jona/index.ts';

const SR = 48000;

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

// Every voice kind, ramps and slides crossing the checkpoints, bell strikes, and a master gain
// high enough that the limiter is working when the state is saved.
const busy: Program = {
  durationSec: 3,
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
    { type: 'param', atSec: 0.2, voice: 0, param: 'carrierHz', value: 400, rampSec: 1.5, curve: 'exp' },
    { type: 'param', atSec: 0.5, voice: 4, param: 'level', value: 0.6, rampSec: 1 },
    { type: 'param', atSec: 0.9, voice: 'master', param: 'gain', value: 0.7, rampSec: 1.2 },
    ...[0.3, 0.95, 1.7].map((atSec) => ({ type: 'trigger' as const, atSec, voice: 7 })),
  ],
};

async function renderFrom(player: ProgramPlayer, frames: number): Promise<Buffer> {
  const out = new Float32Array(frames * 2);
  player.render(frames, (offset, n) => {
    out.set(player.kernel.left().subarray(0, n), offset);
    out.set(player.kernel.right().subarray(0, n), frames + offset);
  });
  return Buffer.from(out.buffer);
}

describe('JONA render checkpoints', () => {
  it('resumes from a saved state bit for bit (mid-ramp, mid-bell, while limiting)', async () => {
    for (const at of [1, 14_399, 45_677, 100_003]) {
      const a = new ProgramPlayer(await loadJona(), busy, SR, 9);
      a.render(at, () => {});
      const checkpoint = a.checkpoint();
      const limiting = a.kernel.limiterGain();
      const expected = await renderFrom(a, 30_000);
      const b = new ProgramPlayer(await loadJona(), busy, SR, 9);
      b.resume(checkpoint);
      expect(b.frame).toBe(at);
      expect((await renderFrom(b, 30_000)).equals(expected)).toBe(true);
      if (at === 45_677) expect(limiting).toBeLessThan(1);
    }
  });

  it('refuses a state from another seed or rate with a clear error', async () => {
    const a = new ProgramPlayer(await loadJona(), busy, SR, 9);
    a.render(5000, () => {});
    const checkpoint = a.checkpoint();
    const otherSeed = new ProgramPlayer(await loadJona(), busy, SR, 10);
    const otherRate = new ProgramPlayer(await loadJona(), busy, 44100, 9);
    expect(() => otherSeed.resume(checkpoint)).toThrow(/loadState.*not a state of this kernel, rate and seed/);
    expect(() => otherRate.resume(checkpoint)).toThrow(/loadState/);
    expect(() => otherSeed.kernel.loadState(new Uint8Array(40_000))).toThrow(/value out of range/);
  });

  it('serves byte ranges from checkpoints with the same bytes as the whole file', async () => {
    const options = { sampleRateHz: 48000 as const, bitDepth: 24 as const, seed: 4, checkpointEveryFrames: 20_000 };
    const wav = createWavStream(busy, options);
    // Cold: a range near the end, before any checkpoint exists, records them on the way.
    const tailStart = wav.byteLength - 6 * 5000;
    const coldTail = await collect(wav.read(tailStart));
    expect(await wav.checkpointFrames()).toEqual([20_000, 40_000, 60_000, 80_000, 100_000, 120_000, 140_000]);
    const whole = await collect(createWavStream(busy, options).read());
    expect(coldTail.equals(whole.subarray(tailStart))).toBe(true);
    // Warm: ranges that start on, just after and between checkpoints resume from them.
    for (const frame of [20_000, 20_001, 59_999, 60_000, 133_333]) {
      const a = 44 + frame * 6 + 2;
      const b = Math.min(a + 70_000, wav.byteLength - 1);
      expect((await collect(wav.read(a, b))).equals(whole.subarray(a, b + 1))).toBe(true);
    }
    // Another seed is another program: its checkpoints are its own.
    expect(await createWavStream(busy, { ...options, seed: 5 }).checkpointFrames()).toEqual([]);
  });
});
