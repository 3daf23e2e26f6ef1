// Every real recording in tests/data/eeg imports through readRecording and matches the SciPy/MNE
// reference: channel names and order, rate, sample count, units and per-channel mean/std/min/max to 1e-9.

import { describe, expect, it } from 'vitest';
import { electrodeChannels, readRecording } from './index.ts';
import { channelStats, closeRel, loadDataFile, loadReference, REFERENCE_FILES } from './test-support/reference-data.ts';

describe('reference recordings', () => {
  for (const name of REFERENCE_FILES) {
    it(`${name} matches its reference JSON`, () => {
      const ref = loadReference(name);
      const rec = readRecording(loadDataFile(name), name);
      const channels = electrodeChannels(rec);
      expect(channels.map((c) => c.label)).toEqual(ref.channels.map((c) => c.name));
      expect(rec.warnings).toEqual([]);
      for (const [k, ch] of channels.entries()) {
        const r = ref.channels[k];
        expect(ch.unit).toBe(r.units);
        expect(closeRel(ch.sampleRateHz, ref.fs_hz, 1e-9), `rate ${ch.sampleRateHz} vs ${ref.fs_hz}`).toBe(true);
        expect(ch.samples.length).toBe(ref.n_samples);
        const s = channelStats(ch.samples);
        for (const key of ['mean', 'std', 'min', 'max'] as const) {
          expect(closeRel(s[key], r[key], 1e-9), `${ch.label} ${key}: ${s[key]} vs ${r[key]}`).toBe(true);
        }
      }
    });
  }

  it('S001R01.edf: start time from EDF+ Startdate, T0 annotation (duration 60.2 s as stored in the TAL) as a marker, annotation signal skipped', () => {
    const rec = readRecording(loadDataFile('S001R01.edf'));
    expect(rec.format).toBe('edf+');
    expect(rec.startTime).toBe('2009-08-12T16:15:00');
    expect(rec.markers).toEqual([{ onsetSec: 0, durationSec: 60.2, text: 'T0' }]);
    expect(rec.channels.some((c) => c.label === 'EDF Annotations')).toBe(false);
    expect(rec.gaps).toEqual([]);
  });

  it('test.bdf: Status is a status channel, not an electrode', () => {
    const rec = readRecording(loadDataFile('test.bdf'));
    expect(rec.format).toBe('bdf');
    const status = rec.channels.filter((c) => c.kind === 'status');
    expect(status.map((c) => c.label)).toEqual(['Status']);
    expect(status[0].samples.length).toBe(2048);
    expect(rec.startTime).toBe('2013-08-01T13:21:46');
  });

  it('OpenBCI v6: accel channels in g, start time from the Unix-ms timestamp', () => {
    const rec = readRecording(loadDataFile('OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
    expect(rec.channels.filter((c) => c.kind === 'accel').map((c) => [c.label, c.unit])).toEqual([
      ['Accel Channel 0', 'g'],
      ['Accel Channel 1', 'g'],
      ['Accel Channel 2', 'g'],
    ]);
    expect(rec.startTime).toBe('2019-05-15T16:00:53.329Z');
  });

  it('muse-lsl: Marker0 onsets become 197 markers coded 1 or 2', () => {
    const rec = readRecording(loadDataFile('data_2017-09-13-15.30.01.csv'));
    expect(rec.markers.length).toBe(197);
    expect(new Set(rec.markers.map((m) => m.text))).toEqual(new Set(['1', '2']));
    expect(rec.startTime).toBeNull();
  });

  it('Mind Monitor: start time as stored, local without zone', () => {
    const rec = readRecording(loadDataFile('museS_monitor1.csv'));
    expect(rec.startTime).toBe('2020-06-14T10:19:29.289');
  });
});
