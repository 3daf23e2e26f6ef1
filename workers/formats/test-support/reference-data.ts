// Test helpers: locate the real recordings (tests/data/eeg) and compute statistics the way NumPy does
// (population std, ddof=0) with compensated sums so rounding stays far below the 1e-9 tolerance.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eegDataDir } from '../../../tests/data/test-data.ts';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export { eegDataDir };

export const REFERENCE_FILES = [
  'S001R01.edf',
  'test.bdf',
  'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
  'data_2017-09-13-15.30.01.csv',
  'museS_monitor1.csv',
] as const;

export interface ReferenceChannel {
  name: string;
  units: string;
  mean: number;
  std: number;
  min: number;
  max: number;
}
export interface Reference {
  fs_hz: number;
  n_samples: number;
  units: string;
  channels: ReferenceChannel[];
}

export function loadDataFile(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(path.join(eegDataDir, name)));
}

export function loadReference(name: string): Reference {
  return JSON.parse(readFileSync(path.join(eegDataDir, `${name}.reference.json`), 'utf8')) as Reference;
}

/** Neumaier-compensated sum. */
function sum(values: Float64Array, map: (v: number) => number = (v) => v): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = map(values[i]);
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

export function channelStats(x: Float64Array): { mean: number; std: number; min: number; max: number } {
  const mean = sum(x) / x.length;
  const variance = sum(x, (v) => (v - mean) * (v - mean)) / x.length;
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean, std: Math.sqrt(variance), min, max };
}

/** |a-b| <= rel * max(|a|,|b|), with an absolute floor for values at zero. */
export function closeRel(a: number, b: number, rel: number, absFloor = 1e-12): boolean {
  return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), absFloor);
}
