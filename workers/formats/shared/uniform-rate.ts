// Row-based formats (CSV, JSON, BrainFlow, OpenBCI) need every channel at one rate and length.

import type { Recording } from '../recording.ts';
import { FormatError } from './format-error.ts';

/** The common rate and sample count, or a FormatError naming the channel that differs. */
export function uniformRate(recording: Recording, format: string): { rateHz: number; length: number } {
  const first = recording.channels[0];
  if (!first) throw new FormatError(format, 'at least one channel to write');
  for (const ch of recording.channels) {
    if (ch.sampleRateHz !== first.sampleRateHz || ch.samples.length !== first.samples.length) {
      throw new FormatError(
        format,
        `every channel at ${first.sampleRateHz} Hz with ${first.samples.length} samples (row-based format; use EDF or BDF for mixed rates)`,
        undefined,
        `'${ch.label}' at ${ch.sampleRateHz} Hz with ${ch.samples.length}`,
      );
    }
  }
  return { rateHz: first.sampleRateHz, length: first.samples.length };
}
