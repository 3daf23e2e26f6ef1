// OpenBCI GUI 'RAW EXG' text recordings (v4 without column header, v5/v6 with one), any board: the
// channel count and rate come from the '%' comment lines. Rows that cannot be parsed are skipped and
// reported in warnings (never replaced by invented values).

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { ColumnStore, toNumber, unixToIso } from './columns.ts';
import { layoutFromHeader, layoutFromV4Row, type OpenBciLayout } from './openbci-columns.ts';

export class OpenBciGuiParser {
  private comments: string[] = [];
  private rateHz = Number.NaN;
  private exgCount = 8;
  private board = '';
  private layout: OpenBciLayout | null = null;
  private store: ColumnStore | null = null;
  private version: 'v4' | 'v5+' = 'v4';
  private firstTimestamp = Number.NaN;
  private markers: Recording['markers'] = [];
  private badRows: number[] = [];
  private rows = 0;

  pushLine(line: string, lineNo: number): void {
    if (line.trim() === '') return;
    if (line.startsWith('%')) return this.comment(line);
    const fields = line.split(',');
    if (!this.layout) {
      if (Number.isNaN(this.rateHz)) throw new FormatError('OpenBCI GUI', "a '%Sample Rate = <Hz>' comment before the data", { line: lineNo }, line);
      if (/^\s*[A-Za-z]/.test(line)) {
        this.version = 'v5+';
        this.layout = layoutFromHeader(fields);
        return;
      }
      this.layout = layoutFromV4Row(fields, this.exgCount);
    }
    this.store ??= new ColumnStore(this.layout.channels);
    this.row(fields, lineNo);
  }

  private comment(line: string): void {
    this.comments.push(line);
    const [key, value = ''] = line
      .slice(1)
      .split('=')
      .map((s) => s.trim());
    if (/sample rate/i.test(key)) this.rateHz = parseFloat(value);
    else if (/number of channels/i.test(key)) this.exgCount = parseInt(value, 10);
    else if (/^board/i.test(key)) this.board = value;
  }

  private row(fields: string[], lineNo: number): void {
    const layout = this.layout!;
    const store = this.store!;
    const values = layout.channels.map((c) => toNumber(fields[c.field]));
    if (values.some((v) => Number.isNaN(v))) {
      this.badRows.push(lineNo);
      return;
    }
    values.forEach((v, k) => store.columns[k].push(v));
    if (this.rows === 0 && layout.timestamp >= 0) this.firstTimestamp = toNumber(fields[layout.timestamp]);
    if (layout.marker >= 0) {
      const m = toNumber(fields[layout.marker]);
      if (m) this.markers.push({ onsetSec: this.rows / this.rateHz, durationSec: 0, text: String(m) });
    }
    this.rows++;
  }

  /** Samples parsed since the last drain (streaming); marker onsets keep counting across drains. */
  drain(): Float64Array[] | null {
    return this.store ? this.store.drain() : null;
  }

  finish(): Recording {
    if (!this.store) throw new FormatError('OpenBCI GUI', 'at least one data row', { line: this.comments.length + 1 });
    const warnings: string[] = [];
    if (this.badRows.length)
      warnings.push(`${this.badRows.length} unreadable row(s) skipped, first at line(s) ${this.badRows.slice(0, 5).join(', ')}`);
    const ts = this.firstTimestamp;
    const seconds = ts > 1e11 ? ts / 1000 : ts;
    return {
      format: 'openbci-gui',
      startTime: Number.isFinite(seconds) && seconds > 1e8 ? unixToIso(seconds) : null,
      channels: this.store.toChannels(this.rateHz),
      markers: this.markers,
      gaps: [],
      warnings,
      metadata: { version: this.version, board: this.board, comments: this.comments },
    };
  }
}
