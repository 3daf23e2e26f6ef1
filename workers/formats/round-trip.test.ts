// import -> export -> import for every reference recording and every export format: samples within the
// format's quantisation (EDF 16-bit, BDF 24-bit) or exact (CSV, JSON, BrainFlow, OpenBCI), metadata kept.

import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportRecording, readRecording, type Recording } from './index.ts';
import { expectRoundTrip } from './test-support/compare.ts';
import { loadDataFile, REFERENCE_FILES } from './test-support/reference-data.ts';

const rowFormats = new Set(['csv', 'json', 'brainflow-csv', 'openbci-txt']);

describe('round trip of the reference recordings', () => {
  for (const name of REFERENCE_FILES) {
    const original = readRecording(loadDataFile(name), name);
    const mixedRates = new Set(original.channels.map((c) => c.sampleRateHz)).size > 1;
    for (const format of EXPORT_FORMATS) {
      if (mixedRates && rowFormats.has(format)) continue;
      const electrodes = original.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg' || c.kind === 'aux').length;
      if (format === 'brainflow-csv' && electrodes > 16) {
        it(`${name} -> ${format}: ${electrodes} electrodes do not fit a BrainFlow layout, a clear FormatError`, () => {
          expect(() => exportRecording(original, format)).toThrow(/BrainFlow CSV export: expected at most 16 electrode channels/);
        });
        continue;
      }
      it(`${name} -> ${format} -> back`, () => {
        const reread = readRecording(exportRecording(original, format));
        expect(reread.warnings).toEqual([]);
        expectRoundTrip(original, reread, format);
      });
    }
  }

  it('EDF+/BDF+ keep channels of different rates; row formats refuse them with a FormatError', () => {
    const mixed: Recording = {
      format: 'clisonix-json',
      startTime: '2020-02-03T04:05:06.5',
      gaps: [{ onsetSec: 2, durationSec: 1.5 }],
      warnings: [],
      metadata: {},
      markers: [
        { onsetSec: 0.75, durationSec: 0, text: 'start' },
        { onsetSec: 3.75, durationSec: 0.25, text: 'after gap' },
      ],
      channels: [
        { label: 'EEG', kind: 'eeg', unit: 'uV', sampleRateHz: 256, samples: Float64Array.from({ length: 1024 }, (_, i) => Math.sin(i / 9) * 50) },
        { label: 'Resp', kind: 'other', unit: 'mV', sampleRateHz: 32, samples: Float64Array.from({ length: 128 }, (_, i) => i / 10) },
      ],
    };
    for (const format of ['edf', 'bdf'] as const) {
      const reread = readRecording(exportRecording(mixed, format));
      expect(reread.format).toBe(`${format}+`);
      expect(reread.channels.map((c) => [c.label, c.sampleRateHz, c.samples.length])).toEqual([
        ['EEG', 256, 1024],
        ['Resp', 32, 128],
      ]);
      expectRoundTrip(mixed, reread, format);
    }
    for (const format of ['csv', 'json', 'brainflow-csv', 'openbci-txt'] as const) {
      expect(() => exportRecording(mixed, format)).toThrow(/every channel at 256 Hz with 1024 samples .* found "'Resp' at 32 Hz with 128"/);
    }
  });

  it('EDF export keeps 16-bit resolution: the error is at most half a step of the data range / 65535', () => {
    const original = readRecording(loadDataFile('test.bdf'));
    const reread = readRecording(exportRecording(original, 'edf'));
    const fp1 = reread.channels[0];
    const step = (Number(fp1.header!.physicalMax) - Number(fp1.header!.physicalMin)) / 65535;
    let min = Infinity,
      max = -Infinity;
    for (const v of original.channels[0].samples) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // The fitted range may only be widened by the 8-character rounding, not by a fixed wide default.
    expect(step).toBeLessThan(((max - min) / 65535) * 1.01);
  });
});
