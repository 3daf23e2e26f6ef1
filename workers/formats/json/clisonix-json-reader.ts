// The original Clisonix JSON recording:
// {"recording_id","channels":[names] | n,"sample_rate","data":[[row of one sample per channel],...],"metadata":{...}}
// metadata may carry channel_names, units, kinds, start_time, markers and gaps (what our writer puts there).

import type { ChannelKind, Recording, RecordingGap, RecordingMarker } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';

const KINDS = new Set(['eeg', 'exg', 'aux', 'accel', 'gyro', 'ppg', 'status', 'other']);

export function readClisonixJson(text: string): Recording {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    const position = /position (\d+)/.exec(String(err))?.[1];
    throw new FormatError('Clisonix JSON', 'valid JSON', position ? { offset: Number(position) } : { offset: 0 }, String((err as Error).message));
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.data))
    throw new FormatError('Clisonix JSON', "an object with a 'data' array of sample rows", { offset: 0 });
  const meta = (doc.metadata && typeof doc.metadata === 'object' ? doc.metadata : {}) as Record<string, unknown>;
  const rate = Number(doc.sample_rate ?? meta.sample_rate);
  if (!(rate > 0)) throw new FormatError('Clisonix JSON', "a positive 'sample_rate'", { offset: 0 }, String(doc.sample_rate));
  const rows = doc.data as unknown[];
  const names = (Array.isArray(meta.channel_names) ? meta.channel_names : Array.isArray(doc.channels) ? doc.channels : null) as string[] | null;
  const width = names ? names.length : Number(doc.channels) || (Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0);
  const labels = names ? names.map(String) : Array.from({ length: width }, (_, k) => `Ch${k + 1}`);
  const units = Array.isArray(meta.units) ? (meta.units as string[]) : [];
  const kinds = Array.isArray(meta.kinds) ? (meta.kinds as string[]) : [];
  const columns = labels.map(() => new Float64Array(rows.length));
  const warnings: string[] = [];
  let kept = 0;
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width || row.some((v) => typeof v !== 'number' && v !== null)) {
      if (warnings.length < 1) warnings.push(`data row ${r} is not ${width} numbers; such rows were skipped`);
      return;
    }
    row.forEach((v, k) => (columns[k][kept] = v === null ? Number.NaN : (v as number)));
    kept++;
  });
  return {
    format: 'clisonix-json',
    startTime: typeof meta.start_time === 'string' ? meta.start_time : null,
    channels: labels.map((label, k) => ({
      label,
      kind: (KINDS.has(kinds[k]) ? kinds[k] : 'eeg') as ChannelKind,
      unit: typeof units[k] === 'string' ? units[k] : 'uV',
      sampleRateHz: rate,
      samples: kept === rows.length ? columns[k] : columns[k].slice(0, kept),
    })),
    markers: Array.isArray(meta.markers) ? (meta.markers as RecordingMarker[]) : [],
    gaps: Array.isArray(meta.gaps) ? (meta.gaps as RecordingGap[]) : [],
    warnings,
    metadata: {
      recordingId: doc.recording_id ?? null,
      ...omit(meta, ['channel_names', 'units', 'kinds', 'start_time', 'markers', 'gaps', 'sample_rate']),
    },
  };
}

function omit(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}
