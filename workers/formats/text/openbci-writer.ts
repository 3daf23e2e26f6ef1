// Writes an OpenBCI GUI v6 'RAW EXG' text file: '%' comments (channel count, rate, board), a header row,
// then 'Sample Index, EXG Channel 0..N-1, [Accel Channel 0..2,] Timestamp, Marker Channel, Timestamp (Formatted)'.
// Markers must be numbers in this format; other texts are written as 1 (the GUI's marker column is numeric).

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { uniformRate } from '../shared/uniform-rate.ts';

export function writeOpenBciTxt(recording: Recording): Uint8Array {
  const { rateHz, length } = uniformRate(recording, 'OpenBCI export');
  const exg = recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg' || c.kind === 'aux');
  if (!exg.length) throw new FormatError('OpenBCI export', 'at least one electrode channel');
  const accel = recording.channels.filter((c) => c.kind === 'accel').slice(0, 3);
  const board =
    exg.length <= 4 ? 'OpenBCI_GUI$BoardGanglionBLE' : exg.length <= 8 ? 'OpenBCI_GUI$BoardCytonSerial' : 'OpenBCI_GUI$BoardCytonSerialDaisy';
  const startMs = recording.startTime ? Date.parse(recording.startTime.endsWith('Z') ? recording.startTime : `${recording.startTime}Z`) : 0;
  const markerAt = new Map<number, number>();
  for (const m of recording.markers) markerAt.set(Math.round(m.onsetSec * rateHz), Number(m.text) || 1);
  const header = [
    'Sample Index',
    ...exg.map((_, k) => `EXG Channel ${k}`),
    ...accel.map((_, k) => `Accel Channel ${k}`),
    'Timestamp',
    'Marker Channel',
    'Timestamp (Formatted)',
  ];
  const lines = [
    '%OpenBCI Raw EXG Data',
    `%Number of channels = ${exg.length}`,
    `%Sample Rate = ${rateHz} Hz`,
    `%Board = ${board}`,
    header.join(', '),
  ];
  for (let i = 0; i < length; i++) {
    const ms = Math.round(startMs + (i * 1000) / rateHz);
    const cells = [
      String(i % 256),
      ...exg.map((c) => String(c.samples[i])),
      ...accel.map((c) => String(c.samples[i])),
      String(ms),
      String(markerAt.get(i) ?? 0),
      clockOfDay(ms),
    ];
    lines.push(cells.join(', '));
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'HH:MM:SS.mmm' (UTC) of a Unix time in ms, without a Date per row. */
function clockOfDay(ms: number): string {
  const day = ((ms % 86400000) + 86400000) % 86400000;
  return `${pad(Math.floor(day / 3600000))}:${pad(Math.floor(day / 60000) % 60)}:${pad(Math.floor(day / 1000) % 60)}.${pad(day % 1000, 3)}`;
}
