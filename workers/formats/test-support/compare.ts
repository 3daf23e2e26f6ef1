// Assertions shared by round-trip tests: what each export format must preserve.

import { expect } from 'vitest';
import type { Recording } from '../recording.ts';
import type { ExportFormat } from '../export.ts';

/** Largest quantisation step the EDF/BDF header of `exported` allows for channel k (half a step of error). */
export function quantisationStep(reread: Recording, k: number): number {
  const h = reread.channels[k].header ?? {};
  return (Number(h.physicalMax) - Number(h.physicalMin)) / (Number(h.digitalMax) - Number(h.digitalMin));
}

const noZone = (iso: string | null) =>
  iso
    ? iso
        .replace(/Z$/, '')
        .replace(/(\.\d*?)0+$/, '$1')
        .replace(/\.$/, '')
    : iso;

export function expectRoundTrip(original: Recording, reread: Recording, format: ExportFormat): void {
  const binary = format === 'edf' || format === 'bdf';
  const exact = format === 'csv' || format === 'json';
  const electrodes = (r: Recording) => r.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg' || c.kind === 'aux');
  const a = binary || exact ? original.channels : electrodes(original);
  const b = binary || exact ? reread.channels : electrodes(reread).slice(0, a.length);
  expect(b.length).toBe(a.length);
  a.forEach((ch, k) => {
    const other = b[k];
    expect(other.samples.length, `${format} ${ch.label} length`).toBe(ch.samples.length);
    if (binary) {
      expect(other.label).toBe(ch.label.slice(0, 16).trim()); // EDF labels hold 16 characters
      expect(other.unit).toBe(ch.unit);
      expect(Math.abs(other.sampleRateHz / ch.sampleRateHz - 1)).toBeLessThan(1e-6);
      const tolerance = quantisationStep(reread, k) / 2 + 1e-9 * Math.max(1, Math.abs(Number(other.header?.physicalMax)));
      let worst = 0;
      for (let i = 0; i < ch.samples.length; i++) worst = Math.max(worst, Math.abs(other.samples[i] - ch.samples[i]));
      expect(worst, `${format} ${ch.label} worst error vs half step ${tolerance}`).toBeLessThanOrEqual(tolerance);
    } else {
      // BrainFlow stores no rate: it comes from the board or from microsecond timestamps.
      if (format === 'brainflow-csv') expect(Math.abs(other.sampleRateHz / ch.sampleRateHz - 1)).toBeLessThan(1e-6);
      else expect(other.sampleRateHz).toBe(ch.sampleRateHz);
      expect(Array.from(other.samples)).toEqual(Array.from(ch.samples));
      if (exact) expect([other.label, other.unit, other.kind]).toEqual([ch.label, ch.unit, ch.kind]);
    }
  });
  if (binary || exact) {
    const start = noZone(original.startTime);
    // EDF keeps local time without zone, and sub-seconds to the microsecond (first record onset).
    expect(noZone(reread.startTime)).toBe(exact || start === null ? start : start.replace(/(\.\d{6})\d+/, '$1'));
    // EDF+ TAL times are written to the microsecond: allow 2 us (two roundings) there, exact elsewhere.
    const tol = binary ? 2e-6 : 0;
    const near = (a: number[], b: number[], what: string) => {
      expect(a.length, what).toBe(b.length);
      a.forEach((x, i) => expect(Math.abs(x - b[i]), `${what}[${i}] ${x} vs ${b[i]}`).toBeLessThanOrEqual(tol));
    };
    expect(reread.markers.map((m) => m.text)).toEqual(original.markers.map((m) => m.text));
    near(
      reread.markers.flatMap((m) => [m.onsetSec, m.durationSec]),
      original.markers.flatMap((m) => [m.onsetSec, m.durationSec]),
      'markers',
    );
    near(
      reread.gaps.flatMap((g) => [g.onsetSec, g.durationSec]),
      original.gaps.flatMap((g) => [g.onsetSec, g.durationSec]),
      'gaps',
    );
  }
}
