// Property tests: random recordings survive every export format; damaged files (cut, flipped bytes,
// wrong header lengths) give a FormatError or a partial result with warnings, never another exception.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferSource, EXPORT_FORMATS, exportRecording, FormatError, readRecording, readRecordingFromSource } from './index.ts';
import { arbitraryRecording } from './test-support/arbitrary-recording.ts';
import { expectRoundTrip } from './test-support/compare.ts';

const withoutGaps = new Set(['brainflow-csv', 'openbci-txt']);

describe('property: random recordings round-trip', () => {
  for (const format of EXPORT_FORMATS) {
    it(`${format}`, () => {
      fc.assert(
        fc.property(arbitraryRecording({ gaps: !withoutGaps.has(format), maxChannels: 6 }), (rec) => {
          if (withoutGaps.has(format)) rec.markers = rec.markers.map((m) => ({ ...m, text: String(1 + (m.text.length % 9)) }));
          const reread = readRecording(exportRecording(rec, format));
          expectRoundTrip(rec, reread, format);
        }),
        { numRuns: 40 },
      );
    });
  }
});

/** Reading must give a Recording or throw FormatError; anything else is a crash. */
function readsOrFormatError(bytes: Uint8Array): void {
  try {
    const rec = readRecording(bytes);
    expect(Array.isArray(rec.channels) && Array.isArray(rec.warnings)).toBe(true);
    for (const ch of rec.channels) expect(ch.samples).toBeInstanceOf(Float64Array);
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    expect(err.message).toMatch(/expected/);
  }
}

describe('property: damaged files', () => {
  const damage = fc.record({
    format: fc.constantFrom(...EXPORT_FORMATS),
    cut: fc.double({ min: 0, max: 1, noNaN: true }),
    flips: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 8 }),
  });

  it('cut at a random offset', () => {
    fc.assert(
      fc.property(arbitraryRecording({ maxChannels: 3 }), damage, (rec, d) => {
        const bytes = exportRecording(rec, d.format);
        readsOrFormatError(bytes.subarray(0, Math.floor(d.cut * bytes.length)));
      }),
      { numRuns: 150 },
    );
  });

  it('random bytes flipped', () => {
    fc.assert(
      fc.property(arbitraryRecording({ maxChannels: 3 }), damage, (rec, d) => {
        const bytes = exportRecording(rec, d.format).slice();
        for (const f of d.flips) bytes[Math.floor(f.at * (bytes.length - 1))] = f.value;
        readsOrFormatError(bytes);
      }),
      { numRuns: 150 },
    );
  });

  it('streamed reads of cut files (small slices) also give FormatError or a partial result', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRecording({ maxChannels: 3 }), damage, async (rec, d) => {
        const bytes = exportRecording(rec, d.format);
        try {
          await readRecordingFromSource(bufferSource(bytes.subarray(0, Math.floor(d.cut * bytes.length))), { sliceBytes: 97 });
        } catch (err) {
          if (!(err instanceof FormatError)) throw err;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('EDF/BDF with wrong header-length, record-count and samples-per-record fields', () => {
    const field = (bytes: Uint8Array, offset: number, width: number, text: string) => {
      for (let i = 0; i < width; i++) bytes[offset + i] = i < text.length ? text.charCodeAt(i) : 32;
    };
    fc.assert(
      fc.property(
        arbitraryRecording({ maxChannels: 3 }),
        fc.constantFrom('edf', 'bdf') as fc.Arbitrary<'edf' | 'bdf'>,
        fc.integer({ min: -5, max: 99999999 }),
        fc.constantFrom(184, 236, 252),
        (rec, format, value, offset) => {
          const bytes = exportRecording(rec, format).slice();
          field(bytes, offset, offset === 252 ? 4 : 8, String(value).slice(0, offset === 252 ? 4 : 8));
          readsOrFormatError(bytes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a truncated EDF returns the complete records with a warning naming the cut', () => {
    const rec = readRecording(
      exportRecording(
        {
          format: 'edf',
          startTime: null,
          gaps: [],
          markers: [],
          warnings: [],
          metadata: {},
          channels: [{ label: 'A', kind: 'eeg', unit: 'uV', sampleRateHz: 100, samples: Float64Array.from({ length: 1000 }, (_, i) => i) }],
        },
        'edf',
      ),
    );
    const full = exportRecording(rec, 'edf');
    const cut = readRecording(full.subarray(0, full.length - 150));
    expect(cut.channels[0].samples.length).toBe(900);
    expect(cut.warnings.join(' ')).toMatch(/truncated: header announces 10 data records, 9 complete record\(s\) present/);
  });
});
