// Our own CSV layout: '#' comment lines carry what a spreadsheet cannot (rate, units, kinds, start,
// markers, gaps as JSON), then a 'time_s,<label>,...' header and one row per sample. Samples are written
// with JavaScript's shortest round-trip decimal, so a round trip is exact.

import type { ChannelKind, Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { uniformRate } from '../shared/uniform-rate.ts';
import { ColumnStore, toNumber } from './columns.ts';

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function writeClisonixCsv(recording: Recording): Uint8Array {
  const { rateHz, length } = uniformRate(recording, 'Clisonix CSV');
  const meta = {
    sample_rate_hz: rateHz,
    start_time: recording.startTime,
    units: recording.channels.map((c) => c.unit),
    kinds: recording.channels.map((c) => c.kind),
    markers: recording.markers,
    gaps: recording.gaps,
  };
  const lines = ['# clisonix-csv 1', `# ${JSON.stringify(meta)}`, ['time_s', ...recording.channels.map((c) => csvCell(c.label))].join(',')];
  const row = new Array<string>(recording.channels.length + 1);
  for (let i = 0; i < length; i++) {
    row[0] = String(i / rateHz);
    recording.channels.forEach((c, k) => (row[k + 1] = Number.isNaN(c.samples[i]) ? '' : String(c.samples[i])));
    lines.push(row.join(','));
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** Split one CSV line honouring double quotes (labels may contain commas). */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export class ClisonixCsvParser {
  private meta: Record<string, unknown> = {};
  private store: ColumnStore | null = null;

  pushLine(line: string, lineNo: number): void {
    if (line.startsWith('#')) {
      const text = line.slice(1).trim();
      if (text.startsWith('{')) {
        try {
          this.meta = JSON.parse(text) as Record<string, unknown>;
        } catch {
          throw new FormatError('Clisonix CSV', 'a JSON metadata comment', { line: lineNo }, text);
        }
      }
      return;
    }
    if (!this.store) {
      const labels = splitCsv(line).slice(1);
      const units = (this.meta.units as string[] | undefined) ?? [];
      const kinds = (this.meta.kinds as ChannelKind[] | undefined) ?? [];
      this.store = new ColumnStore(labels.map((label, k) => ({ field: k + 1, label, kind: kinds[k] ?? 'eeg', unit: units[k] ?? 'uV' })));
      return;
    }
    const fields = line.split(',');
    if (fields.length !== this.store.specs.length + 1)
      throw new FormatError('Clisonix CSV', `${this.store.specs.length + 1} fields`, { line: lineNo }, `${fields.length} fields`);
    this.store.specs.forEach((s, k) => this.store!.columns[k].push(toNumber(fields[s.field])));
  }

  finish(): Recording {
    const rate = Number(this.meta.sample_rate_hz);
    if (!this.store || !(rate > 0)) throw new FormatError('Clisonix CSV', 'a \'# {"sample_rate_hz":...}\' line and a header row', { line: 1 });
    return {
      format: 'clisonix-csv',
      startTime: (this.meta.start_time as string | null) ?? null,
      channels: this.store.toChannels(rate),
      markers: (this.meta.markers as Recording['markers']) ?? [],
      gaps: (this.meta.gaps as Recording['gaps']) ?? [],
      warnings: [],
      metadata: {},
    };
  }
}
