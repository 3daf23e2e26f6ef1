// Builds the EDF+/BDF+ header bytes (main header + signal headers, field by field).

import { writeAsciiField } from '../shared/ascii.ts';
import { formatEdfStart } from './edf-start-time.ts';

export interface HeaderSignal {
  label: string;
  transducer: string;
  unit: string;
  physicalMin: string;
  physicalMax: string;
  digitalMin: number;
  digitalMax: number;
  prefilter: string;
  samplesPerRecord: number;
}

export interface HeaderSpec {
  bdf: boolean;
  discontinuous: boolean;
  patient: string;
  startIso: string | null;
  recordCount: number;
  durationField: string;
  signals: HeaderSignal[];
}

export function buildEdfHeader(spec: HeaderSpec): Uint8Array {
  const ns = spec.signals.length;
  const out = new Uint8Array(256 * (ns + 1));
  const start = formatEdfStart(spec.startIso ?? '1985-01-01T00:00:00');
  const field = (offset: number, width: number, text: string) => writeAsciiField(out, offset, width, text);
  if (spec.bdf) {
    out[0] = 0xff;
    field(1, 7, 'BIOSEMI');
  } else field(0, 8, '0');
  field(8, 80, spec.patient || 'X X X X');
  field(88, 80, `${spec.startIso ? start.startdate : 'Startdate X'} X X Clisonix`);
  field(168, 8, start.date);
  field(176, 8, start.time);
  field(184, 8, String(out.length));
  field(192, 44, `${spec.bdf ? 'BDF' : 'EDF'}+${spec.discontinuous ? 'D' : 'C'}`);
  field(236, 8, String(spec.recordCount));
  field(244, 8, spec.durationField);
  field(252, 4, String(ns));
  const columns: Array<[number, (s: HeaderSignal) => string]> = [
    [16, (s) => s.label],
    [80, (s) => s.transducer],
    [8, (s) => s.unit],
    [8, (s) => s.physicalMin],
    [8, (s) => s.physicalMax],
    [8, (s) => String(s.digitalMin)],
    [8, (s) => String(s.digitalMax)],
    [80, (s) => s.prefilter],
    [8, (s) => String(s.samplesPerRecord)],
    [32, () => ''],
  ];
  let pos = 256;
  for (const [width, get] of columns) {
    for (const s of spec.signals) {
      field(pos, width, get(s));
      pos += width;
    }
  }
  return out;
}
