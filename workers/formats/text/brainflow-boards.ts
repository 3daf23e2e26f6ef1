// BrainFlow row layouts for the boards we read and write (from BrainFlow's board descriptions:
// rows of get_board_data(), one per column in the tab-separated file). Row 0 is the package number.

import type { ChannelKind } from '../recording.ts';

export interface BrainFlowBoard {
  id: number;
  name: string;
  rateHz: number;
  rows: number;
  eeg: number[];
  eegNames?: string[];
  accel?: number[];
  gyro?: number[];
  other?: number[];
  analog?: number[];
  timestamp: number;
  marker: number;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const MUSE = { rateHz: 256, rows: 8, eeg: range(1, 4), eegNames: ['TP9', 'Fp1', 'Fp2', 'TP10'], other: [5], timestamp: 6, marker: 7 };

export const BRAINFLOW_BOARDS: BrainFlowBoard[] = [
  {
    id: -1,
    name: 'Synthetic',
    rateHz: 250,
    rows: 32,
    eeg: range(1, 16),
    eegNames: 'Fz,C3,Cz,C4,Pz,PO7,Oz,PO8,F5,F7,F3,F1,F2,F4,F6,F8'.split(','),
    accel: [17, 18, 19],
    gyro: [20, 21, 22],
    other: range(23, 29),
    timestamp: 30,
    marker: 31,
  },
  {
    id: 0,
    name: 'Cyton',
    rateHz: 250,
    rows: 24,
    eeg: range(1, 8),
    eegNames: 'Fp1,Fp2,C3,C4,P7,P8,O1,O2'.split(','),
    accel: [9, 10, 11],
    other: range(12, 18),
    analog: [19, 20, 21],
    timestamp: 22,
    marker: 23,
  },
  { id: 1, name: 'Ganglion', rateHz: 200, rows: 15, eeg: range(1, 4), accel: [5, 6, 7], other: range(8, 12), timestamp: 13, marker: 14 },
  {
    id: 2,
    name: 'CytonDaisy',
    rateHz: 125,
    rows: 32,
    eeg: range(1, 16),
    eegNames: 'Fp1,Fp2,C3,C4,P7,P8,O1,O2,F7,F8,F3,F4,T7,T8,P3,P4'.split(','),
    accel: [17, 18, 19],
    other: range(20, 26),
    analog: [27, 28, 29],
    timestamp: 30,
    marker: 31,
  },
  { id: 38, name: 'Muse2', ...MUSE },
  { id: 39, name: 'MuseS', ...MUSE },
];

export function brainFlowBoard(id: number): BrainFlowBoard | undefined {
  return BRAINFLOW_BOARDS.find((b) => b.id === id);
}

/** Role of every row of a board: label, kind, unit; null for package number, timestamp and marker rows. */
export function boardRows(board: BrainFlowBoard): Array<{ row: number; label: string; kind: ChannelKind; unit: string }> {
  const out: Array<{ row: number; label: string; kind: ChannelKind; unit: string }> = [];
  board.eeg.forEach((row, k) => out.push({ row, label: board.eegNames?.[k] ?? `EEG ${k + 1}`, kind: 'eeg', unit: 'uV' }));
  board.accel?.forEach((row, k) => out.push({ row, label: `Accel ${'XYZ'[k]}`, kind: 'accel', unit: 'g' }));
  board.gyro?.forEach((row, k) => out.push({ row, label: `Gyro ${'XYZ'[k]}`, kind: 'gyro', unit: 'deg/s' }));
  board.analog?.forEach((row, k) => out.push({ row, label: `Analog ${k}`, kind: 'other', unit: '' }));
  board.other?.forEach((row) =>
    out.push({
      row,
      label: board.id === 38 || board.id === 39 ? 'AUX' : `Other ${row}`,
      kind: board.id === 38 || board.id === 39 ? 'aux' : 'other',
      unit: board.id === 38 || board.id === 39 ? 'uV' : '',
    }),
  );
  return out.sort((a, b) => a.row - b.row);
}
