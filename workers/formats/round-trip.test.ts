// import -> export -> import for every reference recording and every export format: samples within the
// format's quantisation (EDF 16-bit, BDF 24-bit) or exact (CSV, JSON, BrainFlow, OpenBCI), metadata kept.

import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportRecording, readRecording } from './index.ts';
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

  it('EDF export keeps 16-bit resolution: the error is at most half a step of the data range / 65535', () => {
    const original = readRecording(loadDataFile('test.bdf'));
    const reread = readRecording(exportRecording(original, 'edf'));
    const fp1 = reread.channels[0];
    const step = (Number(fp1.header!.physicalMax) - Number(fp1.header!.physicalMin)) / 65535;
    let min = Infinity, max = -Infinity;
    for (const v of original.channels[0].samples) { min = Math.min(min, v); max = Math.max(max, v); }
    // The fitted range may only be widened by the 8-character rounding, not by a fixed wide default.
    expect(step).toBeLessThan(((max - min) / 65535) * 1.01);
  });
});
