// Our EDF+ and BDF+ exports open in MNE-Python (Debian python3-mne, run through /usr/bin/python3) with
// the same samples (within quantisation), channel names, rate, start time and annotations.
// MNE 1.3 facts this test pins: meas_date keeps whole seconds (it ignores the EDF+ sub-second onset),
// and EDF+D records are concatenated (annotation onsets stay in recording time).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRecording, readRecording, type Recording } from './index.ts';
import { quantisationStep } from './test-support/compare.ts';
import { loadDataFile, repoRoot } from './test-support/reference-data.ts';

interface MneView {
  ch_names: string[];
  sfreq: number;
  n_times: number;
  meas_date: string | null;
  annotations: Array<{ onset: number; duration: number; description: string }>;
  data: number[][];
}

const script = path.join(repoRoot, 'workers/formats/test-support/mne_read.py');
let dir = '';

function readWithMne(bytes: Uint8Array, ext: 'edf' | 'bdf'): MneView {
  const file = path.join(dir, `export.${ext}`);
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('/usr/bin/python3', [script, file], { encoding: 'utf8', maxBuffer: 1 << 30 })) as MneView;
}

function synthetic(): Recording {
  const n = 2560 * 4;
  return {
    format: 'clisonix-json',
    startTime: '2024-03-04T05:06:07',
    warnings: [],
    gaps: [],
    metadata: {},
    channels: ['Fz', 'Cz', 'Pz', 'Oz'].map((label, k) => ({
      label,
      kind: 'eeg',
      unit: 'uV',
      sampleRateHz: 256,
      samples: Float64Array.from({ length: n }, (_, i) => 80 * Math.sin((2 * Math.PI * (8 + k) * i) / 256) + 1000 * k - 40),
    })),
    markers: [
      { onsetSec: 1.5, durationSec: 0, text: 'blink' },
      { onsetSec: 7.25, durationSec: 2, text: 'eyes closed' },
    ],
  };
}

function expectSamples(mne: MneView, ours: Recording, exported: Uint8Array): void {
  const reread = readRecording(exported);
  ours.channels.forEach((ch, k) => {
    const row = mne.data[mne.ch_names.indexOf(ch.label)];
    expect(row.length, ch.label).toBe(ch.samples.length);
    const half = quantisationStep(reread, k) / 2;
    let worst = 0;
    for (let i = 0; i < row.length; i++) worst = Math.max(worst, Math.abs(row[i] - ch.samples[i]));
    expect(worst, `${ch.label}: worst |MNE - original| vs half step ${half}`).toBeLessThanOrEqual(half * (1 + 1e-6) + 1e-9);
  });
}

describe('exports open in MNE', () => {
  beforeAll(() => {
    try {
      execFileSync('/usr/bin/python3', ['-c', 'import mne'], { stdio: 'pipe' });
    } catch {
      throw new Error('python3-mne is missing (needed to check EDF+/BDF+ exports): run `bash .ci/install-system-deps`');
    }
    dir = mkdtempSync(path.join(tmpdir(), 'clisonix-mne-'));
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  for (const ext of ['edf', 'bdf'] as const) {
    it(`${ext.toUpperCase()}+ of a synthetic recording: names, rate, start, annotations, samples`, () => {
      const ours = synthetic();
      const bytes = exportRecording(ours, ext);
      const mne = readWithMne(bytes, ext);
      expect(mne.ch_names).toEqual(['Fz', 'Cz', 'Pz', 'Oz']);
      expect(mne.sfreq).toBe(256);
      expect(mne.meas_date).toBe('2024-03-04T05:06:07+00:00');
      expect(mne.annotations).toEqual([
        { onset: 1.5, duration: 0, description: 'blink' },
        { onset: 7.25, duration: 2, description: 'eyes closed' },
      ]);
      expectSamples(mne, ours, bytes);
    });
  }

  it('EDF+ export of S001R01.edf matches the original in MNE', () => {
    const ours = readRecording(loadDataFile('S001R01.edf'));
    const bytes = exportRecording(ours, 'edf');
    const mne = readWithMne(bytes, 'edf');
    expect(mne.ch_names).toEqual(ours.channels.map((c) => c.label));
    expect(mne.sfreq).toBe(160);
    expect(mne.meas_date).toBe('2009-08-12T16:15:00+00:00');
    expect(mne.annotations).toEqual([{ onset: 0, duration: 60.2, description: 'T0' }]);
    expectSamples(mne, ours, bytes);
  });

  it('BDF+ export of test.bdf keeps 24-bit samples and the Status trigger in MNE', () => {
    const ours = readRecording(loadDataFile('test.bdf'));
    const bytes = exportRecording(ours, 'bdf');
    const mne = readWithMne(bytes, 'bdf');
    expect(mne.ch_names.slice(0, 72)).toEqual(ours.channels.slice(0, 72).map((c) => c.label));
    expect(mne.sfreq).toBe(2048);
    expect(mne.ch_names[72]).toBe('Status');
    expect(mne.meas_date).toBe('2013-08-01T13:21:46+00:00');
    const electrodes = { ...ours, channels: ours.channels.filter((c) => c.kind !== 'status') };
    expectSamples(mne, electrodes, bytes);
  });
});
