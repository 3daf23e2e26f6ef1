// Column store for text readers: one growable float64 per channel, plus the shared parse helpers.

import type { ChannelKind, RecordingChannel } from '../recording.ts';
import { GrowableFloat64 } from '../shared/growable.ts';

export interface ColumnSpec {
  /** Field index in the row. */
  field: number;
  label: string;
  kind: ChannelKind;
  unit: string;
}

export class ColumnStore {
  readonly columns: GrowableFloat64[];
  constructor(readonly specs: ColumnSpec[]) {
    this.columns = specs.map(() => new GrowableFloat64(4096));
  }

  /** Rows stored so far. */
  get length(): number {
    return this.columns.length ? this.columns[0].length : 0;
  }

  /** Hand over the samples stored so far (streaming) and start empty again. */
  drain(): Float64Array[] {
    this.drainedRows += this.length;
    return this.columns.map((c) => c.take());
  }

  /** Rows handed over by drain() so far. */
  drainedRows = 0;

  /** Rows seen in total (drained + stored). */
  get totalLength(): number {
    return this.drainedRows + this.length;
  }

  /** Channels with the stored samples (views, no copy). */
  toChannels(sampleRateHz: number): RecordingChannel[] {
    return this.specs.map((s, k) => ({ label: s.label, kind: s.kind, unit: s.unit, sampleRateHz, samples: this.columns[k].view() }));
  }
}

/** Parse a numeric field; '' and non-numbers give NaN (callers decide whether that is an error). */
export function toNumber(field: string | undefined): number {
  if (field === undefined) return Number.NaN;
  const t = field.trim();
  return t === '' ? Number.NaN : Number(t);
}

/** ISO 8601 UTC string for a Unix time in seconds. */
export function unixToIso(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString();
}
