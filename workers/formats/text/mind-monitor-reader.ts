// Mind Monitor CSV exports. Sample rows have RAW_* values; 'Elements' rows (blink, jaw clench, marker
// buttons) have empty fields and only a TimeStamp + text, and become markers. Some versions write one
// field fewer than the header names (no empty trailing Elements), so fields are looked up by index and
// missing trailing ones read as empty. The rate is estimated from the timestamps: (n-1)/(t_last-t_first),
// which gives ~1 Hz for the 1-second interval and ~256 Hz for the 'constant' interval.

import type { ChannelKind, Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { ColumnStore, toNumber, type ColumnSpec } from './columns.ts';
import { HourWrap, mindMonitorIso, mindMonitorSeconds } from './mind-monitor-time.ts';

function describe(name: string): { kind: ChannelKind; unit: string } {
  if (/^RAW_/.test(name)) return { kind: 'eeg', unit: 'uV' };
  if (/^AUX_/.test(name)) return { kind: 'aux', unit: 'uV' };
  if (/^Accelerometer_/.test(name)) return { kind: 'accel', unit: 'g' };
  if (/^Gyro_/.test(name)) return { kind: 'gyro', unit: 'deg/s' };
  if (/^(Delta|Theta|Alpha|Beta|Gamma)_/.test(name)) return { kind: 'other', unit: 'B' };
  return { kind: 'other', unit: '' };
}

export class MindMonitorParser {
  private store: ColumnStore | null = null;
  private names: string[] = [];
  private rawField = -1;
  private elementsField = -1;
  private times: number[] = [];
  private wrap = new HourWrap();
  private startIso: string | null = null;
  private mangled = false;
  private events: Array<{ seconds: number; text: string }> = [];
  private badRows: number[] = [];

  pushLine(line: string, lineNo: number): void {
    if (line.trim() === '') return;
    const fields = line.split(',');
    if (!this.store) return this.header(fields, lineNo);
    const time = mindMonitorSeconds(fields[0] ?? '');
    if (Number.isNaN(time.seconds)) return void this.badRows.push(lineNo);
    const seconds = this.wrap.unwrap(time.seconds);
    if ((fields[this.rawField] ?? '').trim() === '') {
      const text = (fields[this.elementsField] ?? fields[fields.length - 1] ?? '').trim();
      if (text) this.events.push({ seconds, text });
      return;
    }
    if (this.times.length === 0) this.startIso = mindMonitorIso(fields[0]);
    if (!time.full) this.mangled = true;
    this.times.push(seconds);
    this.store.specs.forEach((s, k) => this.store!.columns[k].push(toNumber(fields[s.field])));
  }

  private header(names: string[], lineNo: number): void {
    this.names = names.map((n) => n.trim());
    this.rawField = this.names.findIndex((n) => n.startsWith('RAW_'));
    this.elementsField = this.names.indexOf('Elements');
    if (this.names[0] !== 'TimeStamp' || this.rawField < 0) {
      throw new FormatError('Mind Monitor CSV', "a header starting with 'TimeStamp' and RAW_ columns", { line: lineNo }, names.join(','));
    }
    const specs: ColumnSpec[] = [];
    this.names.forEach((label, field) => {
      if (field === 0 || field === this.elementsField || label === '') return;
      specs.push({ field, label, ...describe(label) });
    });
    // RAW/AUX first so the EEG block leads, then the rest in file order.
    specs.sort((a, b) => rank(a) - rank(b));
    this.store = new ColumnStore(specs);
  }

  finish(): Recording {
    if (!this.store || this.times.length === 0) throw new FormatError('Mind Monitor CSV', 'at least one row with RAW_ values', { line: 2 });
    const n = this.times.length;
    const t0 = this.times[0];
    const span = this.times[n - 1] - t0;
    const rateHz = span > 0 ? (n - 1) / span : 0;
    const warnings: string[] = [];
    if (this.badRows.length) warnings.push(`${this.badRows.length} row(s) with an unreadable TimeStamp skipped, first at line ${this.badRows[0]}`);
    if (this.mangled) warnings.push("TimeStamp was shortened to 'MM:SS.f' (spreadsheet); date and start time are unknown");
    const channels = this.store.toChannels(rateHz).filter((ch) => {
      const empty = ch.samples.some((v) => Number.isNaN(v));
      if (empty && ch.kind !== 'eeg' && ch.kind !== 'aux') warnings.push(`column '${ch.label}' has empty fields and was left out`);
      return !empty || ch.kind === 'eeg' || ch.kind === 'aux';
    });
    return {
      format: 'mind-monitor-csv',
      startTime: this.startIso,
      channels,
      markers: this.events.map((e) => ({ onsetSec: e.seconds - t0, durationSec: 0, text: e.text })),
      gaps: [],
      warnings,
      metadata: { rateEstimatedFromTimestamps: true, timestampSpanSec: span, header: this.names },
    };
  }
}

const rank = (s: ColumnSpec) => (s.kind === 'eeg' ? 0 : s.kind === 'aux' ? 1 : 2);
