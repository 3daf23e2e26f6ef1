// Writes a BrainFlow CSV (tab-separated, one row per sample, one column per board row). The board is
// chosen from the electrode count and rate (Muse 2, Ganglion, Cyton, Cyton+Daisy, else Synthetic);
// electrodes fill the EEG rows (a Muse AUX the 'other' row), accelerometers the accel rows. BrainFlow
// files carry no labels or units: those are the board's after a round trip.

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { uniformRate } from '../shared/uniform-rate.ts';
import { brainFlowBoard, type BrainFlowBoard } from './brainflow-boards.ts';

function pickBoard(electrodes: number, auxCount: number, rateHz: number): BrainFlowBoard {
  const id =
    rateHz === 256 && electrodes - auxCount <= 4 && auxCount <= 1
      ? 38
      : rateHz === 200 && electrodes <= 4
        ? 1
        : rateHz === 250 && electrodes <= 8
          ? 0
          : rateHz === 125 && electrodes <= 16
            ? 2
            : -1;
  const board = brainFlowBoard(id)!;
  if (id === -1 && electrodes > 16) throw new FormatError('BrainFlow CSV export', 'at most 16 electrode channels', undefined, String(electrodes));
  return board;
}

export function writeBrainFlowCsv(recording: Recording): Uint8Array {
  const { rateHz, length } = uniformRate(recording, 'BrainFlow CSV export');
  const electrodes = recording.channels.filter((c) => c.kind === 'eeg' || c.kind === 'exg' || c.kind === 'aux');
  const aux = electrodes.filter((c) => c.kind === 'aux');
  const board = pickBoard(electrodes.length, aux.length, rateHz);
  const placed: Array<[number, Float64Array]> = [];
  const muse = board.id === 38;
  (muse ? electrodes.filter((c) => c.kind !== 'aux') : electrodes).forEach((c, k) => placed.push([board.eeg[k], c.samples]));
  if (muse && aux[0]) placed.push([board.other![0], aux[0].samples]);
  recording.channels
    .filter((c) => c.kind === 'accel')
    .slice(0, board.accel?.length ?? 0)
    .forEach((c, k) => placed.push([board.accel![k], c.samples]));
  const startSec = recording.startTime ? Date.parse(recording.startTime.endsWith('Z') ? recording.startTime : `${recording.startTime}Z`) / 1000 : 0;
  const markerAt = new Map<number, number>();
  for (const m of recording.markers) markerAt.set(Math.round(m.onsetSec * rateHz), Number(m.text) || 1);
  const row = new Array<string>(board.rows).fill('0');
  const lines: string[] = [];
  for (let i = 0; i < length; i++) {
    row.fill('0');
    row[0] = String(i % 256);
    for (const [r, x] of placed) row[r] = String(x[i]);
    row[board.timestamp] = (startSec + i / rateHz).toFixed(6);
    row[board.marker] = String(markerAt.get(i) ?? 0);
    lines.push(row.join('\t'));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}
