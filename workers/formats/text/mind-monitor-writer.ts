// Writes a Mind Monitor CSV: 'TimeStamp' ('YYYY-MM-DD HH:MM:SS.fff', as the app writes its local clock),
// then RAW_<label> per electrode, AUX_<label> per aux input, Accelerometer_X/Y/Z and Gyro_X/Y/Z when
// those channels share the EEG's rate and length, then 'Elements'. A marker is a row of its own with
// only the TimeStamp and its text under Elements, as the app writes its marker buttons. Mind Monitor
// fills every column at one rate, so channels at other rates are left out here (the session export
// writes them beside, in our own CSV). Our reader estimates the rate from the timestamps.

import type { Recording, RecordingChannel } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';

const AXES = ['X', 'Y', 'Z'];

/** The Mind Monitor column name of a channel, or null when the layout has no place for it. */
function columnName(channel: RecordingChannel, index: number): string | null {
  if (channel.kind === 'eeg' || channel.kind === 'exg') return `RAW_${channel.label}`;
  if (channel.kind === 'aux') return `AUX_${channel.label}`;
  if (channel.kind === 'accel' && index < 3) return `Accelerometer_${AXES[index]}`;
  if (channel.kind === 'gyro' && index < 3) return `Gyro_${AXES[index]}`;
  return null;
}

/** 'YYYY-MM-DD HH:MM:SS.fff' of a time in ms on the file's clock (read as UTC: the file has no zone). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export function writeMindMonitorCsv(recording: Recording): Uint8Array {
  const eeg = recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg');
  if (!eeg.length) throw new FormatError('Mind Monitor CSV export', 'at least one EEG channel');
  const { sampleRateHz: rate, samples } = eeg[0];
  const n = samples.length;
  const perKind = new Map<string, number>();
  const columns: Array<{ name: string; samples: Float64Array }> = [];
  for (const channel of recording.channels) {
    const index = perKind.get(channel.kind) ?? 0;
    perKind.set(channel.kind, index + 1);
    const name = columnName(channel, index);
    if (name && channel.sampleRateHz === rate && channel.samples.length === n) columns.push({ name, samples: channel.samples });
  }
  const start = recording.startTime
    ? Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(recording.startTime) ? recording.startTime : `${recording.startTime}Z`)
    : 0;
  const startMs = Number.isFinite(start) ? start : 0;
  const markers = [...recording.markers].sort((a, b) => a.onsetSec - b.onsetSec);
  const empty = ','.repeat(columns.length);
  const lines = [['TimeStamp', ...columns.map((c) => c.name), 'Elements'].join(',')];
  let next = 0;
  const row = new Array<string>(columns.length + 2);
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    for (; next < markers.length && markers[next].onsetSec <= t; next++) {
      lines.push(`${stamp(startMs + markers[next].onsetSec * 1000)}${empty},${markers[next].text.replace(/[,\r\n]+/g, ' ')}`);
    }
    row[0] = stamp(startMs + t * 1000);
    columns.forEach((c, k) => (row[k + 1] = Number.isNaN(c.samples[i]) ? '' : String(c.samples[i])));
    row[columns.length + 1] = '';
    lines.push(row.join(','));
  }
  for (; next < markers.length; next++)
    lines.push(`${stamp(startMs + markers[next].onsetSec * 1000)}${empty},${markers[next].text.replace(/[,\r\n]+/g, ' ')}`);
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
