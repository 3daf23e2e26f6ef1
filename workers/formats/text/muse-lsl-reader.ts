// muse-lsl 'record' CSVs: 'timestamps,TP9,AF7,AF8,TP10,Right AUX[,Marker0]', optionally with a leading
// pandas index column, or no header at all. Timestamps are LSL local_clock() seconds (uptime) or Unix
// seconds; only Unix ones give a start time. The rate is Muse's nominal 256 Hz; the rate measured from
// the timestamps is kept in metadata.

import type { ChannelKind, Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { ColumnStore, toNumber, unixToIso, type ColumnSpec } from './columns.ts';

export const MUSE_NOMINAL_RATE_HZ = 256;
const HEADERLESS_NAMES = ['TP9', 'AF7', 'AF8', 'TP10', 'Right AUX'];

const kindOf = (name: string): ChannelKind => (/aux/i.test(name) ? 'aux' : 'eeg');

export class MuseLslParser {
  private specs: ColumnSpec[] | null = null;
  private store: ColumnStore | null = null;
  private timeField = -1;
  private markerFields: number[] = [];
  private pending: Array<{ fields: string[]; lineNo: number }> = [];
  private firstTime = Number.NaN;
  private lastTime = Number.NaN;
  private markers: Recording['markers'] = [];
  private badRows: number[] = [];
  private hasHeader = false;

  pushLine(line: string, lineNo: number): void {
    if (line.trim() === '') return;
    const fields = line.split(',');
    if (!this.specs && !this.pending.length && /[A-Za-z]/.test(line)) return this.header(fields);
    if (!this.specs) {
      this.pending.push({ fields, lineNo });
      if (this.pending.length < 2) return;
      this.inferHeaderless();
    }
    this.row(fields, lineNo);
  }

  private header(names: string[]): void {
    this.hasHeader = true;
    this.specs = [];
    names.forEach((raw, field) => {
      const name = raw.trim();
      if (name === '' || name === 'Unnamed: 0' || name === 'index') return;
      if (/^timestamps?$/i.test(name)) this.timeField = field;
      else if (/^Marker/i.test(name)) this.markerFields.push(field);
      else this.specs!.push({ field, label: name, kind: kindOf(name), unit: 'uV' });
    });
    if (this.timeField < 0) throw new FormatError('muse-lsl CSV', "a 'timestamps' column in the header", { line: 1 }, names.join(','));
    this.store = new ColumnStore(this.specs);
  }

  /** No header: the timestamp column is the first or last one that steps by less than 0.1 s; an integer 0,1,2.. column is an index. */
  private inferHeaderless(): void {
    const [a, b] = this.pending.map((p) => p.fields.map((f) => toNumber(f)));
    const width = a.length;
    const isIndex = (k: number) => Number.isInteger(a[k]) && b[k] === a[k] + 1;
    const isTime = (k: number) => b[k] - a[k] > 0 && b[k] - a[k] < 0.1 && a[k] > 1;
    const first = isIndex(0) ? 1 : 0;
    this.timeField = isTime(first) ? first : isTime(width - 1) ? width - 1 : -1;
    if (this.timeField < 0)
      throw new FormatError('muse-lsl CSV', 'a header row or a timestamp column first or last', { line: this.pending[0].lineNo });
    const dataFields = [];
    for (let k = first; k < width; k++) if (k !== this.timeField) dataFields.push(k);
    this.specs = dataFields.slice(0, 5).map((field, i) => ({ field, label: HEADERLESS_NAMES[i], kind: kindOf(HEADERLESS_NAMES[i]), unit: 'uV' }));
    this.markerFields = dataFields.slice(5);
    this.store = new ColumnStore(this.specs);
    const pending = this.pending;
    this.pending = [];
    for (const p of pending.slice(0, -1)) this.row(p.fields, p.lineNo);
  }

  private row(fields: string[], lineNo: number): void {
    const t = toNumber(fields[this.timeField]);
    const values = this.specs!.map((s) => toNumber(fields[s.field]));
    if (Number.isNaN(t) || values.some((v) => Number.isNaN(v))) {
      this.badRows.push(lineNo);
      return;
    }
    const index = this.store!.totalLength;
    values.forEach((v, k) => this.store!.columns[k].push(v));
    if (index === 0) this.firstTime = t;
    this.lastTime = t;
    for (const f of this.markerFields) {
      const m = toNumber(fields[f]);
      if (m) this.markers.push({ onsetSec: index / MUSE_NOMINAL_RATE_HZ, durationSec: 0, text: String(m) });
    }
  }

  /** Samples parsed since the last drain (streaming); marker onsets keep counting across drains. */
  drain(): Float64Array[] | null {
    return this.store ? this.store.drain() : null;
  }

  finish(): Recording {
    if (!this.specs && this.pending.length) this.inferHeaderlessSingle();
    if (!this.store || this.store.totalLength === 0) throw new FormatError('muse-lsl CSV', 'at least one data row', { line: 2 });
    const n = this.store.totalLength;
    const span = this.lastTime - this.firstTime;
    const warnings = this.badRows.length
      ? [`${this.badRows.length} unreadable row(s) skipped, first at line(s) ${this.badRows.slice(0, 5).join(', ')}`]
      : [];
    return {
      format: 'muse-lsl-csv',
      startTime: this.firstTime > 1e8 ? unixToIso(this.firstTime) : null,
      channels: this.store.toChannels(MUSE_NOMINAL_RATE_HZ),
      markers: this.markers,
      gaps: [],
      warnings,
      metadata: {
        header: this.hasHeader,
        timestampClock: this.firstTime > 1e8 ? 'unix' : 'lsl',
        firstTimestamp: this.firstTime,
        rateFromTimestampsHz: span > 0 ? (n - 1) / span : null,
      },
    };
  }

  private inferHeaderlessSingle(): void {
    throw new FormatError('muse-lsl CSV', 'a header row or at least two data rows', { line: this.pending[0].lineNo });
  }
}
