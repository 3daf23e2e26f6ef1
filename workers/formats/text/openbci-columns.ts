// Column roles of OpenBCI GUI text recordings. v5/v6 name them in a header row; v4 has none, so the
// layout is inferred: index, N EXG channels, 3 accel, optional extra numbers, then the formatted
// time ('HH:MM:SS.mmm') BEFORE the Unix-ms timestamp (v5/v6 put the Unix timestamp first).

import type { ColumnSpec } from './columns.ts';

export interface OpenBciLayout {
  channels: ColumnSpec[];
  sampleIndex: number;
  /** Unix timestamp field (ms or s, decided by magnitude), -1 if none. */
  timestamp: number;
  /** 'Marker Channel' field, -1 if none. */
  marker: number;
}

/** Layout from a v5/v6 header row. */
export function layoutFromHeader(names: string[]): OpenBciLayout {
  const layout: OpenBciLayout = { channels: [], sampleIndex: -1, timestamp: -1, marker: -1 };
  names.forEach((raw, field) => {
    const name = raw.trim();
    if (name === 'Sample Index') layout.sampleIndex = field;
    else if (name === 'Timestamp') layout.timestamp = field;
    else if (name === 'Marker Channel') layout.marker = field;
    else if (name === 'Not Used' || name === '' || name.startsWith('Timestamp')) return;
    else if (/^EXG Channel/i.test(name)) layout.channels.push({ field, label: name, kind: 'eeg', unit: 'uV' });
    else if (/^Accel/i.test(name)) layout.channels.push({ field, label: name, kind: 'accel', unit: 'g' });
    else layout.channels.push({ field, label: name, kind: 'other', unit: '' });
  });
  return layout;
}

const FORMATTED_TIME = /^\d{1,2}:\d\d:\d\d/;

/** Layout of a v4 row (no header): needs the channel count from '%Number of channels'. */
export function layoutFromV4Row(fields: string[], exgCount: number): OpenBciLayout {
  const layout: OpenBciLayout = { channels: [], sampleIndex: 0, timestamp: -1, marker: -1 };
  for (let k = 0; k < exgCount; k++) layout.channels.push({ field: 1 + k, label: `EXG Channel ${k}`, kind: 'eeg', unit: 'uV' });
  let other = 0;
  for (let field = 1 + exgCount; field < fields.length; field++) {
    const text = fields[field].trim();
    if (FORMATTED_TIME.test(text)) continue;
    const value = Number(text);
    if (Number.isFinite(value) && Math.abs(value) > 1e9) {
      layout.timestamp = field;
      continue;
    }
    const accel = field - 1 - exgCount;
    if (accel < 3) layout.channels.push({ field, label: `Accel Channel ${accel}`, kind: 'accel', unit: 'g' });
    else layout.channels.push({ field, label: `Other ${other++}`, kind: 'other', unit: '' });
  }
  return layout;
}
