// Turns per-record onsets (EDF+D) into gaps and collects annotations, batch after batch, so the whole-file
// and streaming readers share it. Samples are never interpolated across a gap: they are concatenated and
// the gap is listed (sample time = index / rate + sum of earlier gap durations).

import type { RecordingGap, RecordingMarker } from '../recording.ts';
import type { EdfHeader } from './edf-header.ts';
import type { EdfRecordBatch } from './edf-records.ts';

/** Tolerance for comparing record onsets (TAL onsets carry at most microseconds in practice). */
const ONSET_EPS_SEC = 1e-6;

export class EdfTimeline {
  readonly gaps: RecordingGap[] = [];
  readonly markers: RecordingMarker[] = [];
  readonly warnings: string[] = [];
  firstOnsetSec: number | null = null;
  private expectedOnset: number | null = null;
  private malformed = 0;

  constructor(private readonly header: EdfHeader) {}

  add(batch: EdfRecordBatch): void {
    this.malformed += batch.malformedTals;
    for (const a of batch.annotations) this.markers.push({ onsetSec: a.onsetSec, durationSec: a.durationSec, text: a.text });
    const duration = this.header.recordDurationSec;
    batch.recordOnsetsSec.forEach((onset, k) => {
      const index = batch.firstRecord + k;
      const known = Number.isFinite(onset);
      if (this.firstOnsetSec === null) this.firstOnsetSec = known ? onset : 0;
      if (known && this.expectedOnset !== null) {
        if (onset > this.expectedOnset + ONSET_EPS_SEC) {
          this.gaps.push({ onsetSec: this.expectedOnset, durationSec: onset - this.expectedOnset });
        } else if (onset < this.expectedOnset - ONSET_EPS_SEC) {
          this.warnings.push(`record ${index + 1} starts at ${onset} s, before the end of the previous record (${this.expectedOnset} s)`);
        }
      }
      const dataEnd = batch.recordDataEndsSec[k];
      this.expectedOnset = Number.isFinite(dataEnd) ? dataEnd : (known ? onset : (this.expectedOnset ?? 0)) + duration;
    });
  }

  finish(): void {
    if (this.malformed > 0) this.warnings.push(`${this.malformed} malformed annotation list(s) skipped`);
    this.markers.sort((a, b) => a.onsetSec - b.onsetSec);
  }
}
