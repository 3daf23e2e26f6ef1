// EDF/EDF+/BDF/BDF+ header: a 256-byte main header, then ns x 256 bytes of signal fields stored
// field-by-field (all labels, then all transducers, ...). All fields are space-padded ASCII.

import { latin1 } from '../shared/ascii.ts';
import { FormatError } from '../shared/format-error.ts';
import { parseEdfStart } from './edf-start-time.ts';

export interface EdfSignalHeader {
  label: string;
  transducer: string;
  unit: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefilter: string;
  samplesPerRecord: number;
  reserved: string;
  /** True for the EDF+/BDF+ annotation signal (TAL bytes, not samples). */
  isAnnotation: boolean;
}

export interface EdfHeader {
  /** 'edf' (2-byte samples) or 'bdf' (3-byte samples). */
  flavour: 'edf' | 'bdf';
  /** EDF+/BDF+ ('EDF+C'/'EDF+D'/'BDF+C'/'BDF+D' in the reserved field). */
  plus: boolean;
  discontinuous: boolean;
  version: string;
  patient: string;
  recordingField: string;
  startDate: string;
  startTime: string;
  /** ISO 8601 local date-time without zone, as stored (year from EDF+ 'Startdate' or the 1985-2084 rule). */
  startIso: string | null;
  headerBytes: number;
  reserved: string;
  /** -1 while a recorder was still writing; readers then derive it from the file size. */
  recordCount: number;
  recordDurationSec: number;
  signals: EdfSignalHeader[];
  bytesPerSample: 2 | 3;
  /** Bytes of one data record (sum of samples-per-record x bytes-per-sample). */
  recordBytes: number;
}

const SIGNAL_FIELDS: Array<[keyof EdfSignalHeader, number]> = [
  ['label', 16],
  ['transducer', 80],
  ['unit', 8],
  ['physicalMin', 8],
  ['physicalMax', 8],
  ['digitalMin', 8],
  ['digitalMax', 8],
  ['prefilter', 80],
  ['samplesPerRecord', 8],
  ['reserved', 32],
];
const NUMERIC = new Set(['physicalMin', 'physicalMax', 'digitalMin', 'digitalMax', 'samplesPerRecord']);

function num(bytes: Uint8Array, offset: number, width: number, what: string, integer: boolean): number {
  const text = latin1(bytes, offset, width).trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new FormatError('EDF header', `${integer ? 'an integer' : 'a number'} for ${what}`, { offset }, text);
  }
  return value;
}

/** Bytes needed before `parseEdfHeader` can run: 256, then 256 x (ns + 1). */
export function edfHeaderLength(first256: Uint8Array): number {
  if (first256.length < 256) throw new FormatError('EDF header', '256 bytes of main header', { offset: first256.length });
  return num(first256, 184, 8, 'header length', true);
}

/** Parse the main and signal headers; `bytes` must hold at least the whole header. */
export function parseEdfHeader(bytes: Uint8Array): EdfHeader {
  if (bytes.length < 256) throw new FormatError('EDF header', '256 bytes of main header', { offset: bytes.length });
  const flavour = bytes[0] === 0xff && latin1(bytes, 1, 7) === 'BIOSEMI' ? 'bdf' : 'edf';
  const version = flavour === 'bdf' ? '\xffBIOSEMI' : latin1(bytes, 0, 8);
  if (flavour === 'edf' && version.trim() !== '0') throw new FormatError('EDF header', "version '0' or 0xFF'BIOSEMI'", { offset: 0 }, version);
  const ns = num(bytes, 252, 4, 'number of signals', true);
  const headerBytes = num(bytes, 184, 8, 'header length', true);
  if (ns < 1 || headerBytes !== 256 * (ns + 1)) {
    throw new FormatError('EDF header', `header length 256 x (1 + ${ns} signals) = ${256 * (ns + 1)}`, { offset: 184 }, String(headerBytes));
  }
  if (bytes.length < headerBytes) throw new FormatError('EDF header', `${headerBytes} header bytes`, { offset: bytes.length });
  const reserved = latin1(bytes, 192, 44).trim();
  const plus = /^(EDF|BDF)\+[CD]/.test(reserved);
  const signals: EdfSignalHeader[] = [];
  for (let i = 0; i < ns; i++) signals.push({ isAnnotation: false } as EdfSignalHeader);
  let pos = 256;
  for (const [key, width] of SIGNAL_FIELDS) {
    for (let i = 0; i < ns; i++, pos += width) {
      const target = signals[i] as unknown as Record<string, string | number>;
      target[key] = NUMERIC.has(key)
        ? num(bytes, pos, width, `${key} of signal ${i + 1}`, key === 'samplesPerRecord')
        : latin1(bytes, pos, width).trim();
    }
  }
  const bytesPerSample = flavour === 'bdf' ? 3 : 2;
  let samplesPerRecordTotal = 0;
  for (const s of signals) {
    s.isAnnotation = s.label === 'EDF Annotations' || s.label === 'BDF Annotations';
    if (s.samplesPerRecord < 0) throw new FormatError('EDF header', `non-negative samples per record for '${s.label}'`);
    if (!s.isAnnotation && s.digitalMax <= s.digitalMin) {
      throw new FormatError('EDF header', `digital max > digital min for '${s.label}'`, undefined, `${s.digitalMin}..${s.digitalMax}`);
    }
    samplesPerRecordTotal += s.samplesPerRecord;
  }
  const recordingField = latin1(bytes, 88, 80).trim();
  const startDate = latin1(bytes, 168, 8);
  const startTime = latin1(bytes, 176, 8);
  return {
    flavour,
    plus,
    discontinuous: plus && reserved[4] === 'D',
    version,
    patient: latin1(bytes, 8, 80).trim(),
    recordingField,
    startDate,
    startTime,
    startIso: parseEdfStart(startDate, startTime, recordingField),
    headerBytes,
    reserved,
    recordCount: num(bytes, 236, 8, 'number of data records', true),
    recordDurationSec: num(bytes, 244, 8, 'record duration', false),
    signals,
    bytesPerSample,
    recordBytes: samplesPerRecordTotal * bytesPerSample,
  };
}
