// createWavStream: valid RIFF/WAVE, same bytes as the kernel, byte ranges, streaming start.
import { describe, expect, it } from 'vitest';
import { createWavStream, wavChunkFrames, loadJona, programFromRequest, ProgramPlayer, PRESETS, type Mode } from '../src/jona/index.ts';

async function collect(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** float32 product, then round half to even: what the kernel's f32x4.nearest does. */
function quantise16(x: number): number {
  const q = Math.fround(x * 32767);
  let r = Math.round(q);
  if (q - Math.floor(q) === 0.5 && r % 2 !== 0) r -= 1;
  return Math.max(-32768, Math.min(32767, r));
}

const request = { mode: 'relax' as const, frequency: 10, duration: 2, amplitude: 0.8 };

describe('createWavStream', () => {
  it('writes a RIFF/WAVE PCM stereo header matching byteLength', async () => {
    const wav = createWavStream(programFromRequest(request), { sampleRateHz: 44100, bitDepth: 24 });
    const bytes = await collect(wav.read());
    expect(bytes.length).toBe(wav.byteLength);
    expect(wav.byteLength).toBe(44 + 2 * 44100 * 6);
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.readUInt32LE(4)).toBe(wav.byteLength - 8);
    expect(bytes.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect(bytes.readUInt16LE(20)).toBe(1);
    expect(bytes.readUInt16LE(22)).toBe(2);
    expect(bytes.readUInt32LE(24)).toBe(44100);
    expect(bytes.readUInt16LE(32)).toBe(6);
    expect(bytes.readUInt16LE(34)).toBe(24);
    expect(bytes.readUInt32LE(40)).toBe(2 * 44100 * 6);
  });

  it('holds exactly the kernel output, quantised (parity with the Node kernel)', async () => {
    const program = programFromRequest(request);
    const wav = createWavStream(program, { sampleRateHz: 48000, bitDepth: 16, seed: 7 });
    const bytes = await collect(wav.read());
    const kernel = await loadJona();
    const player = new ProgramPlayer(kernel, program, 48000, 7);
    const expected: number[] = [];
    player.render(wav.frames, (_, n) => {
      const l = kernel.left();
      const r = kernel.right();
      for (let i = 0; i < n; i++) expected.push(quantise16(l[i]!), quantise16(r[i]!));
    });
    const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset + 44, bytes.byteOffset + bytes.length));
    let mismatches = 0;
    for (let i = 0; i < samples.length; i++) if (samples[i] !== expected[i]) mismatches++;
    expect(samples.length).toBe(expected.length);
    expect(mismatches).toBe(0);
    expect(samples.some((s) => Math.abs(s) > 10000)).toBe(true);
  });

  it('is deterministic and serves any byte range as the same bytes as the whole file', async () => {
    const program = programFromRequest({ ...request, mode: 'focus', frequency: 18 });
    const wav = createWavStream(program, { sampleRateHz: 48000, bitDepth: 16 });
    const whole = await collect(wav.read());
    expect((await collect(createWavStream(program, { sampleRateHz: 48000, bitDepth: 16 }).read())).equals(whole)).toBe(true);
    for (const [a, b] of [
      [0, 10],
      [40, 50],
      [44, 44],
      [1000, 70000],
      [wav.byteLength - 3, wav.byteLength - 1],
      [16385, 16385 + 8192 * 3],
    ]) {
      expect((await collect(wav.read(a, b))).equals(whole.subarray(a!, b! + 1))).toBe(true);
    }
    expect(() => wav.read(10, wav.byteLength)).toThrow(/outside/);
    expect(() => wav.read(20, 10)).toThrow(/outside/);
    const other = await collect(createWavStream(program, { sampleRateHz: 48000, bitDepth: 16, seed: 99 }).read());
    expect(other.equals(whole)).toBe(false);
  });

  it('starts a one-hour stream at once without rendering the whole file', async () => {
    const wav = createWavStream(programFromRequest({ ...request, duration: 3600 }), { sampleRateHz: 48000, bitDepth: 16 });
    expect(wav.byteLength).toBe(44 + 3600 * 48000 * 4);
    const reader = wav.read().getReader();
    const first = await reader.read();
    const second = await reader.read();
    expect(first.value!.length).toBe(44);
    expect(second.value!.length).toBe(wavChunkFrames(16) * 4); // one chunk at a time, not the whole hour
    expect(second.value!.length).toBeLessThanOrEqual(1 << 20);
    await reader.cancel();
  });
});

describe('programFromRequest', () => {
  it('maps every mode to a binaural beat of exactly the requested frequency on its preset', () => {
    for (const mode of Object.keys(PRESETS) as Mode[]) {
      const program = programFromRequest({ mode, frequency: 7.83, duration: 60, amplitude: 0.5 });
      const main = program.voices[0]!;
      expect(main.kind).toBe('binaural');
      expect(main.beatHz).toBe(7.83);
      expect(main.carrierHz).toBe(PRESETS[mode].carrierHz);
      expect(program.voices[1]!.kind).toBe(PRESETS[mode].noise);
      expect(program.durationSec).toBe(60);
    }
    expect(programFromRequest({ mode: 'energize', frequency: 40, duration: 1, amplitude: 1 }).voices[0]!.beatHz).toBe(40);
  });

  it('refuses bad requests with a message naming the field', () => {
    expect(() => programFromRequest({ mode: 'party' as Mode, frequency: 10, duration: 10, amplitude: 1 })).toThrow(/mode must be one of/);
    expect(() => programFromRequest({ mode: 'relax', frequency: -1, duration: 10, amplitude: 1 })).toThrow(/frequency/);
    expect(() => programFromRequest({ mode: 'relax', frequency: 10, duration: 0, amplitude: 1 })).toThrow(/duration/);
    expect(() => programFromRequest({ mode: 'relax', frequency: 10, duration: 10, amplitude: 2 })).toThrow(/amplitude/);
  });
});
