// EDF header details: the 1985-2084 year rule, EDF+ 'Startdate' year, clear errors for broken fields.

import { describe, expect, it } from 'vitest';
import { FormatError, readRecording } from '../index.ts';
import { parseEdfStart } from './edf-start-time.ts';
import { loadDataFile } from '../test-support/reference-data.ts';

describe('EDF start date', () => {
  it('applies the 1985-2084 rule to two-digit years', () => {
    expect(parseEdfStart('31.12.85', '23.59.59', '')).toBe('1985-12-31T23:59:59');
    expect(parseEdfStart('01.01.84', '00.00.00', '')).toBe('2084-01-01T00:00:00');
  });
  it("takes the year from EDF+ 'Startdate dd-MMM-yyyy' (beyond 2084 too)", () => {
    expect(parseEdfStart('02.03.99', '04.05.06', 'Startdate 02-MAR-2099 X X X')).toBe('2099-03-02T04:05:06');
  });
});

describe('EDF header errors', () => {
  it('a non-numeric header length names its byte offset', () => {
    const bytes = loadDataFile('S001R01.edf').slice(0, 20000);
    bytes.set(new TextEncoder().encode('abc     '), 184);
    expect(() => readRecording(bytes)).toThrow(FormatError);
    expect(() => readRecording(bytes)).toThrow(/at byte 184: expected an integer for header length, found "abc"/);
  });
  it('a header length that disagrees with the signal count is rejected', () => {
    const bytes = loadDataFile('S001R01.edf').slice(0, 20000);
    bytes.set(new TextEncoder().encode('256     '), 184);
    expect(() => readRecording(bytes)).toThrow(/header length 256 x \(1 \+ 65 signals\) = 16896/);
  });
});
