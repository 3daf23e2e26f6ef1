// Plans the data records of an EDF/BDF export: record duration, samples per record per channel, and the
// continuous segments between gaps. Each segment starts a new record (EDF+D); a segment's last record is
// padded, and the padding is declared by an annotation (PADDING_TEXT) that our reader uses to drop it.

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';

export const PADDING_TEXT = 'EDF padding (no data)';

export interface Segment {
  /** Recording time of the segment's first sample (s). */
  onsetSec: number;
  /** Per channel: first sample index and sample count in this segment. */
  start: number[];
  count: number[];
}

export interface RecordPlan {
  recordDurationSec: number;
  /** Header text of the record duration (8 chars). */
  durationField: string;
  samplesPerRecord: number[];
  segments: Segment[];
}

const CANDIDATE_DURATIONS = [1, 2, 4, 5, 10, 0.5, 0.25, 0.2, 0.1];

function durationFor(rates: number[]): number | null {
  for (const d of CANDIDATE_DURATIONS) {
    if (rates.every((r) => Math.abs(r * d - Math.round(r * d)) < 1e-9 * r && Math.round(r * d) >= 1)) return d;
  }
  return null;
}

export function planRecords(recording: Recording): RecordPlan {
  const rates = recording.channels.map((c) => c.sampleRateHz);
  if (rates.some((r) => !(r > 0))) throw new FormatError('EDF/BDF export', 'a positive sample rate on every channel');
  const gaps = [...recording.gaps].sort((a, b) => a.onsetSec - b.onsetSec);
  const segments: Segment[] = [];
  let shift = 0; // summed duration of earlier gaps (recording time minus sample time)
  let previousEnd = recording.channels.map(() => 0);
  for (const gap of [...gaps, null]) {
    const end = recording.channels.map((c, k) =>
      gap ? Math.min(c.samples.length, Math.round((gap.onsetSec - shift) * rates[k])) : c.samples.length,
    );
    const count = end.map((e, k) => Math.max(0, e - previousEnd[k]));
    const onsetSec = segments.length === 0 ? 0 : previousEnd[0] / rates[0] + shift;
    if (count.some((n) => n > 0)) segments.push({ onsetSec, start: previousEnd, count });
    previousEnd = end;
    if (gap) shift += gap.durationSec;
  }
  let d = durationFor(rates);
  let durationField: string;
  if (d === null) {
    // Rates like Mind Monitor's 1.00002 Hz: one record per segment; the duration is rounded to 8 characters.
    if (new Set(rates).size > 1 || segments.length > 1)
      throw new FormatError('EDF/BDF export', 'integer-compatible sample rates (or one rate without gaps)', undefined, rates.join(', '));
    const n = recording.channels[0].samples.length;
    if (recording.channels.some((c) => c.samples.length !== n))
      throw new FormatError('EDF/BDF export', 'channels of equal length at a non-integer rate');
    durationField = String(Number((n / rates[0]).toPrecision(7))).slice(0, 8);
    d = Number(durationField);
    return { recordDurationSec: d, durationField, samplesPerRecord: rates.map(() => n), segments };
  }
  durationField = String(d);
  return { recordDurationSec: d, durationField, samplesPerRecord: rates.map((r) => Math.round(r * d!)), segments };
}
