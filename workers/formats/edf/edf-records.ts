// Decodes EDF/BDF data records into physical values, one batch of whole records at a time, so the same
// code serves the whole-file reader and the streaming reader (bounded memory: one batch in flight).

import type { EdfHeader } from './edf-header.ts';
import { PADDING_TEXT } from './edf-plan.ts';
import { parseTals, type Tal } from './tal.ts';

export interface EdfRecordBatch {
  /** Index of the first record in this batch. */
  firstRecord: number;
  recordCount: number;
  /** Physical samples per non-annotation signal (same order as `dataSignalIndexes`), this batch only. */
  samples: Float64Array[];
  /** Onset of each record from its time-keeping TAL (EDF+ only; NaN when absent). */
  recordOnsetsSec: number[];
  /** Where a padded record's real data ends (PADDING_TEXT annotation; NaN when not padded). */
  recordDataEndsSec: number[];
  /** Annotations other than the time-keeping one, one entry per text. */
  annotations: Array<{ onsetSec: number; durationSec: number; text: string }>;
  malformedTals: number;
}

/** Indexes of the signals that carry samples (not the annotation signal). */
export function dataSignalIndexes(header: EdfHeader): number[] {
  return header.signals.flatMap((s, i) => (s.isAnnotation ? [] : [i]));
}

/**
 * Decode `recordCount` records starting at `bytes[0]` (which must hold them all).
 * Physical = (digital - digitalMin) * (physicalMax - physicalMin) / (digitalMax - digitalMin) + physicalMin.
 */
export function decodeEdfRecords(header: EdfHeader, bytes: Uint8Array, recordCount: number, firstRecord: number): EdfRecordBatch {
  const data = dataSignalIndexes(header);
  const samples = data.map((i) => new Float64Array(header.signals[i].samplesPerRecord * recordCount));
  const recordOnsetsSec: number[] = [];
  const recordDataEndsSec: number[] = [];
  const filled = data.map(() => 0);
  const annotations: EdfRecordBatch['annotations'] = [];
  let malformedTals = 0;
  const bps = header.bytesPerSample;
  let pos = 0;
  for (let r = 0; r < recordCount; r++) {
    let onset = Number.NaN;
    let paddingAt = Number.NaN;
    let dataIndex = 0;
    for (const s of header.signals) {
      const n = s.samplesPerRecord;
      if (s.isAnnotation) {
        const parsed = parseTals(bytes.subarray(pos, pos + n * bps));
        malformedTals += parsed.malformed;
        parsed.tals.forEach((tal: Tal, k: number) => {
          if (k === 0 && Number.isNaN(onset) && tal.texts.length > 0 && tal.texts[0] === '') {
            onset = tal.onsetSec;
            tal.texts.slice(1).forEach((text) => annotations.push({ onsetSec: tal.onsetSec, durationSec: tal.durationSec, text }));
            return;
          }
          for (const text of tal.texts) {
            if (text === PADDING_TEXT) paddingAt = tal.onsetSec;
            else annotations.push({ onsetSec: tal.onsetSec, durationSec: tal.durationSec, text });
          }
        });
      } else {
        decodeSignal(
          bytes,
          pos,
          n,
          bps,
          s.digitalMin,
          s.physicalMin,
          (s.physicalMax - s.physicalMin) / (s.digitalMax - s.digitalMin),
          samples[dataIndex],
          filled[dataIndex],
        );
        filled[dataIndex++] += n;
      }
      pos += n * bps;
    }
    recordOnsetsSec.push(onset);
    recordDataEndsSec.push(paddingAt);
    if (Number.isFinite(paddingAt) && Number.isFinite(onset)) {
      // Drop the samples our writer padded the record with (declared by the PADDING_TEXT annotation).
      data.forEach((i, k) => {
        const n = header.signals[i].samplesPerRecord;
        const keep = Math.max(0, Math.min(n, Math.round(((paddingAt - onset) * n) / header.recordDurationSec)));
        filled[k] -= n - keep;
      });
    }
  }
  const trimmed = samples.map((x, k) => (filled[k] === x.length ? x : x.subarray(0, filled[k])));
  return { firstRecord, recordCount, samples: trimmed, recordOnsetsSec, recordDataEndsSec, annotations, malformedTals };
}

function decodeSignal(
  b: Uint8Array,
  pos: number,
  n: number,
  bps: 2 | 3,
  dmin: number,
  pmin: number,
  gain: number,
  out: Float64Array,
  at: number,
): void {
  if (bps === 2) {
    for (let k = 0; k < n; k++, pos += 2) {
      const d = ((b[pos] | (b[pos + 1] << 8)) << 16) >> 16;
      out[at + k] = (d - dmin) * gain + pmin;
    }
  } else {
    for (let k = 0; k < n; k++, pos += 3) {
      const d = ((b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16)) << 8) >> 8;
      out[at + k] = (d - dmin) * gain + pmin;
    }
  }
}
