// BrainFlow CSV (DataFilter.write_file): tab-separated, no header, one row per sample, one column per
// board row. The file does not name its board, so the caller may pass the board id; otherwise the column
// count decides (8 Muse 2/S, 15 Ganglion, 24 Cyton, 32 Synthetic or Cyton+Daisy told apart by the
// timestamp rate). Unix-second timestamps give the start time; non-zero marker rows become markers.

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { ColumnStore, toNumber, unixToIso } from './columns.ts';
import { boardRows, brainFlowBoard, type BrainFlowBoard } from './brainflow-boards.ts';

const BY_WIDTH: Record<number, number> = { 8: 38, 15: 1, 24: 0, 32: -1 };

export class BrainFlowParser {
  private board: BrainFlowBoard | null = null;
  private store: ColumnStore | null = null;
  private firstTime = Number.NaN;
  private lastTime = Number.NaN;
  private markerRows: Array<{ index: number; value: number }> = [];
  private badRows: number[] = [];
  private guessed = false;

  constructor(private readonly boardId?: number) {}

  pushLine(line: string, lineNo: number): void {
    if (line.trim() === '') return;
    const fields = line.split('\t');
    if (!this.board) this.start(fields.length, lineNo);
    const board = this.board!;
    if (fields.length < board.rows) return void this.badRows.push(lineNo);
    const values = this.store!.specs.map((s) => toNumber(fields[s.field]));
    if (values.some((v) => Number.isNaN(v))) return void this.badRows.push(lineNo);
    const index = this.store!.totalLength;
    values.forEach((v, k) => this.store!.columns[k].push(v));
    const t = toNumber(fields[board.timestamp]);
    if (index === 0) this.firstTime = t;
    this.lastTime = t;
    const m = toNumber(fields[board.marker]);
    if (m) this.markerRows.push({ index, value: m });
  }

  private start(width: number, lineNo: number): void {
    const id = this.boardId ?? BY_WIDTH[width];
    this.guessed = this.boardId === undefined;
    const board = id === undefined ? undefined : brainFlowBoard(id);
    if (!board || width < board.rows) {
      throw new FormatError(
        'BrainFlow CSV',
        `a known board layout (8, 15, 24 or 32 tab-separated columns, or a board id)`,
        { line: lineNo },
        `${width} columns`,
      );
    }
    this.board = board;
    this.store = new ColumnStore(boardRows(board).map((r) => ({ field: r.row, label: r.label, kind: r.kind, unit: r.unit })));
  }

  /** Samples parsed since the last drain (streaming); marker onsets keep counting across drains. */
  drain(): Float64Array[] | null {
    return this.store ? this.store.drain() : null;
  }

  finish(): Recording {
    if (!this.store || this.store.totalLength === 0) throw new FormatError('BrainFlow CSV', 'at least one data row', { line: 1 });
    let board = this.board!;
    const n = this.store.totalLength;
    const span = this.lastTime - this.firstTime;
    const measured = span > 0 ? (n - 1) / span : Number.NaN;
    // 32 columns: Synthetic (250 Hz) and Cyton+Daisy (125 Hz) share the width; the timestamps decide.
    if (this.guessed && board.rows === 32 && Math.abs(measured - 125) < Math.abs(measured - 250)) {
      const daisy = brainFlowBoard(2)!;
      this.store.specs.forEach((s, k) => Object.assign(s, boardRows(daisy)[k]));
      board = daisy;
    }
    // A board's nominal rate unless the timestamps disagree by over 1% (e.g. our export of another rate).
    const rateHz = Number.isFinite(measured) && Math.abs(measured / board.rateHz - 1) > 0.01 ? snapRate(n, span) : board.rateHz;
    const warnings = this.badRows.length ? [`${this.badRows.length} unreadable row(s) skipped, first at line ${this.badRows[0]}`] : [];
    return {
      format: 'brainflow-csv',
      startTime: this.firstTime > 1e8 ? unixToIso(this.firstTime) : null,
      channels: this.store.toChannels(rateHz),
      markers: this.markerRows.map((m) => ({ onsetSec: m.index / rateHz, durationSec: 0, text: String(m.value) })),
      gaps: [],
      warnings,
      metadata: { boardId: board.id, board: board.name, boardGuessedFromColumns: this.guessed, rateFromTimestampsHz: measured },
    };
  }
}

/**
 * Timestamps carry microseconds on a Unix-seconds axis (float64 keeps ~0.25 us there): if a whole rate
 * explains the span to within that rounding, it is the rate; otherwise the measured one.
 */
function snapRate(n: number, span: number): number {
  const measured = (n - 1) / span;
  const whole = Math.round(measured);
  return whole > 0 && Math.abs(span - (n - 1) / whole) <= 2e-6 ? whole : measured;
}
