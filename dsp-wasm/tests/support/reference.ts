// Test support: the real recordings in tests/data/eeg, their SciPy reference JSON, and tolerance helpers.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { eegDataDir } from '../../../tests/data/test-data.ts';
import { fileURLToPath } from 'node:url';
import { electrodeChannels, readRecording } from '../../../workers/formats/index.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const eegDir = eegDataDir;

export interface RefChannel {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  abs_band_power?: Record<string, number>;
  rel_band_power?: Record<string, number>;
  total_power_0p5_45?: number;
  peak_alpha_hz?: number;
}
export interface Reference {
  file: string;
  fs_hz: number;
  n_samples: number;
  welch: { nperseg: number; noverlap: number } | null;
  channels: RefChannel[];
  psd_channel_index0?: { f_hz: number[]; psd: number[] };
}

/** Every recording that has a *.reference.json beside it. */
export function listReferenceFiles(): string[] {
  return readdirSync(eegDir)
    .filter((f) => f.endsWith('.reference.json'))
    .map((f) => f.replace(/\.reference\.json$/, ''))
    .sort();
}

export function loadReference(name: string): Reference {
  return JSON.parse(readFileSync(path.join(eegDir, `${name}.reference.json`), 'utf8')) as Reference;
}

/** The recording's channels named in the reference, in the reference's order. */
export function loadChannels(name: string, ref: Reference): Array<{ label: string; samples: Float64Array }> {
  const rec = readRecording(new Uint8Array(readFileSync(path.join(eegDir, name))), name);
  const byLabel = new Map(electrodeChannels(rec).map((c) => [c.label, c.samples]));
  return ref.channels.map((c) => {
    const samples = byLabel.get(c.name);
    if (!samples) throw new Error(`${name}: channel ${c.name} not found by the reader`);
    return { label: c.name, samples };
  });
}

export function relErr(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
}

/** Largest relative difference over two arrays. */
export function maxRelErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, relErr(actual[i]!, expected[i]!));
  return worst;
}

/** RMS of the difference over RMS of the expected signal. */
export function relRms(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let diff = 0;
  let ref = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i]! - expected[i]!) ** 2;
    ref += expected[i]! ** 2;
  }
  return Math.sqrt(diff / ref);
}

/** Reads a little-endian float32/float64 1-D .npy file. */
export function readNpy(file: string): Float64Array {
  const buf = readFileSync(file);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLen).toString('latin1');
  const start = 10 + headerLen;
  const bytes = buf.subarray(start);
  const copy = new Uint8Array(bytes).buffer;
  if (header.includes("'<f4'")) return Float64Array.from(new Float32Array(copy));
  if (header.includes("'<f8'")) return new Float64Array(copy);
  throw new Error(`unsupported npy dtype in ${header}`);
}

export const vectorsPath = path.join(repoRoot, 'dsp-wasm/tests/vectors/scipy-vectors.json');

/** The synthetic signal of make-vectors.py. */
export function synthetic(n: number, fs: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] =
      Math.sin((2 * Math.PI * 10 * i) / fs) + 0.5 * Math.sin((2 * Math.PI * 31.3 * i) / fs) + 0.1 * (((i * 7919) % 1000) / 1000 - 0.5) + 0.002 * i;
  }
  return x;
}
