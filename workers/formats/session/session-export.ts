// Research exports of whole sessions, shared by the studio's Sessions screen (in a worker) and the API.
//
//   edf, bdf          <base>.edf|bdf: every stream in one EDF+/BDF+ file, each signal at its own rate
//                     (samples per record per signal), markers and gaps as annotations (EDF+D)
//   csv, json         <base>_<stream>.csv|json: one file per stream (a row holds one instant, so one rate)
//   openbci-csv,      <base>_openbci.txt | _brainflow.csv | _mindmonitor.csv: the EEG stream in that
//   brainflow-csv,    app's layout (what our importers read back), every other stream beside it as
//   mind-monitor-csv  <base>_<stream>.csv in our layout (those layouts hold one rate)
//   bids              a BIDS-EEG dataset of all the sessions (bids/bids-dataset.ts)
//
// With `derived`, each session also gets <base>_bandpowers.csv (and <base>_training.csv when a
// training ran): band powers, quality and scores per analysis frame (session/derived-bands.ts).
import { bidsDataset, bidsDatasetFiles, bidsSessionFiles } from '../bids/bids-dataset.ts';
import { writeEdf } from '../edf/edf-writer.ts';
import { writeClisonixJson } from '../json/clisonix-json-writer.ts';
import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { writeBrainFlowCsv } from '../text/brainflow-writer.ts';
import { writeClisonixCsv } from '../text/clisonix-csv.ts';
import { writeMindMonitorCsv } from '../text/mind-monitor-writer.ts';
import { writeOpenBciTxt } from '../text/openbci-writer.ts';
import { bandPowerCsv, type DerivedOptions } from './derived-bands.ts';
import { sessionBaseName, type SessionExportSource } from './session-source.ts';
import { trainingCsv } from './training-csv.ts';
import { zipFiles, zipFilesAsync } from './zip-files.ts';

export const SESSION_EXPORT_FORMATS = ['edf', 'bdf', 'csv', 'openbci-csv', 'brainflow-csv', 'mind-monitor-csv', 'json', 'bids'] as const;
export type SessionExportFormat = (typeof SESSION_EXPORT_FORMATS)[number];

/** What the Sessions screen offers, in words. */
export const SESSION_EXPORT_LABELS: Record<SessionExportFormat, string> = {
  edf: 'EDF+ (16-bit), every stream',
  bdf: 'BDF+ (24-bit), every stream',
  csv: 'CSV (Clisonix), one file per stream',
  'openbci-csv': 'CSV (OpenBCI GUI layout)',
  'brainflow-csv': 'CSV (BrainFlow layout)',
  'mind-monitor-csv': 'CSV (Mind Monitor layout)',
  json: 'JSON, one file per stream',
  bids: 'BIDS-EEG dataset (zip)',
};

export interface ExportedFile {
  /** Path inside the export (a zip entry, or the file name when it is the only file). */
  path: string;
  bytes: Uint8Array;
}

export interface SessionExportOptions {
  /** Band powers, quality and scores per analysis frame beside the raw. */
  derived?: DerivedOptions | null;
  /** For BIDS: the mains frequency where it was recorded. */
  powerLineHz?: 50 | 60 | null;
  /** For BIDS: EDF+ (16, the default) or BDF+ (24) data files. */
  bidsBits?: 16 | 24;
  /** Told each file's path when it has been made (progress). */
  onFile?: (path: string, filesDone: number) => void;
}

const DEVICE_LAYOUT: Partial<Record<SessionExportFormat, { suffix: string; write: (r: Recording) => Uint8Array }>> = {
  'openbci-csv': { suffix: '_openbci.txt', write: writeOpenBciTxt },
  'brainflow-csv': { suffix: '_brainflow.csv', write: writeBrainFlowCsv },
  'mind-monitor-csv': { suffix: '_mindmonitor.csv', write: writeMindMonitorCsv },
};

function requireFormat(format: string): SessionExportFormat {
  if (!(SESSION_EXPORT_FORMATS as readonly string[]).includes(format))
    throw new FormatError('session export', `one of ${SESSION_EXPORT_FORMATS.join(', ')}`, undefined, format);
  return format as SessionExportFormat;
}

/** The files of one session in a format other than BIDS, one at a time. */
function* sessionFiles(source: SessionExportSource, format: SessionExportFormat, options: SessionExportOptions): Generator<ExportedFile> {
  const base = sessionBaseName(source);
  if (!source.streams.length) throw new FormatError(`session ${source.id}`, 'at least one stream with samples');
  if (format === 'edf' || format === 'bdf') {
    yield { path: `${base}.${format}`, bytes: writeEdf(source.recording(), format === 'bdf' ? 24 : 16) };
  } else {
    const layout = DEVICE_LAYOUT[format];
    const eeg = source.streams.find((s) => s.kind === 'eeg' || s.kind === 'exg');
    for (const stream of source.streams) {
      const recording = source.streamRecording(stream.id);
      if (layout && stream === eeg) yield { path: `${base}${layout.suffix}`, bytes: layout.write(recording) };
      else if (format === 'json') yield { path: `${base}_${stream.id}.json`, bytes: writeClisonixJson(recording, source.id) };
      else yield { path: `${base}_${stream.id}.csv`, bytes: writeClisonixCsv(recording) };
    }
  }
  if (options.derived) {
    const eeg = source.streams.find((s) => s.kind === 'eeg' || s.kind === 'exg');
    const bands = eeg ? bandPowerCsv(source.streamRecording(eeg.id), options.derived) : null;
    if (bands) yield { path: `${base}_bandpowers.csv`, bytes: bands };
    if (source.training?.points.length) yield { path: `${base}_training.csv`, bytes: trainingCsv(source.training, source.startedAtMs) };
  }
}

/**
 * Every file of an export of `sources` in `format`, one at a time (bounded memory: a zip takes each
 * and lets it go). Throws FormatError for an unknown format or a session a layout cannot hold.
 * @example for (const file of sessionExportFiles([source], 'csv')) save(file.path, file.bytes);
 */
export function* sessionExportFiles(
  sources: readonly SessionExportSource[],
  format: string,
  options: SessionExportOptions = {},
): Generator<ExportedFile> {
  const checked = requireFormat(format);
  if (checked === 'bids') {
    yield* bidsDataset(sources, { bits: options.bidsBits ?? 16, derived: options.derived, powerLineHz: options.powerLineHz });
    return;
  }
  for (const source of sources) yield* sessionFiles(source, checked, options);
}

/** What an export will be, known before a sample is read (a save dialog needs the name first). */
export interface PlannedExport {
  fileName: string;
  /** False: one plain file (EDF+/BDF+, or one stream without derived data); true: a zip. */
  zipped: boolean;
}

const EXTENSIONS: Record<Exclude<SessionExportFormat, 'bids'>, string> = {
  edf: '.edf',
  bdf: '.bdf',
  csv: '_%s.csv',
  json: '_%s.json',
  'openbci-csv': '_openbci.txt',
  'brainflow-csv': '_brainflow.csv',
  'mind-monitor-csv': '_mindmonitor.csv',
};

/**
 * The name and kind of an export of these sessions in `format`, with or without derived data.
 * @example planExport([session], 'bdf', false) // { fileName: '2026-12-04T0305_morning-sit_1a2b3c4d.bdf', zipped: false }
 */
export function planExport(
  sessions: ReadonlyArray<Pick<SessionExportSource, 'id' | 'title' | 'startedAtMs' | 'streams'>>,
  format: string,
  derived: boolean,
): PlannedExport {
  const checked = requireFormat(format);
  if (!sessions.length) throw new FormatError('session export', 'at least one session');
  const one = sessions.length === 1 ? sessions[0] : null;
  if (one && !derived && checked !== 'bids' && (checked === 'edf' || checked === 'bdf' || one.streams.length === 1)) {
    return { fileName: `${sessionBaseName(one)}${EXTENSIONS[checked].replace('%s', one.streams[0]?.id ?? 'data')}`, zipped: false };
  }
  const nowStamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '');
  const stem = one ? sessionBaseName(one) : `clisonix-${sessions.length}-sessions-${nowStamp}`;
  return { fileName: `${stem}_${checked}.zip`, zipped: true };
}

/**
 * Writes an export as it is made: a single file as it is, anything more (or BIDS) as one zip (see
 * planExport). `onData` gets the bytes in order; the result names the file and lists what is inside.
 * @example const { fileName } = writeSessionExport([source], 'bdf', {}, (bytes) => parts.push(bytes));
 */
export function writeSessionExport(
  sources: readonly SessionExportSource[],
  format: string,
  options: SessionExportOptions,
  onData: (chunk: Uint8Array, final: boolean) => void,
): PlannedExport & { files: string[] } {
  const plan = planExport(sources, format, Boolean(options.derived));
  const files: string[] = [];
  const listed = (function* () {
    for (const file of sessionExportFiles(sources, format, options)) {
      files.push(file.path);
      options.onFile?.(file.path, files.length);
      yield file;
    }
  })();
  if (!plan.zipped) {
    for (const file of listed) onData(file.bytes, true);
    return { ...plan, files };
  }
  zipFiles(listed, onData);
  return { ...plan, files };
}

/**
 * The files of an export, loading each session just before its files and releasing it after
 * (SessionExportSource.load/release): the browser keeps one session's chunks in memory at a time.
 */
export async function* sessionExportFilesLoaded(
  sources: readonly SessionExportSource[],
  format: string,
  options: SessionExportOptions = {},
): AsyncGenerator<ExportedFile> {
  const checked = requireFormat(format);
  const bids = { bits: options.bidsBits ?? 16, derived: options.derived, powerLineHz: options.powerLineHz } as const;
  if (checked === 'bids') yield* bidsDatasetFiles(sources, bids);
  for (let i = 0; i < sources.length; i++) {
    await sources[i].load?.();
    try {
      yield* checked === 'bids' ? bidsSessionFiles(sources, i, bids) : sessionFiles(sources[i], checked, options);
    } finally {
      sources[i].release?.();
    }
  }
}

/** writeSessionExport for sources that load themselves (the studio's worker reading IndexedDB). */
export async function writeSessionExportLoaded(
  sources: readonly SessionExportSource[],
  format: string,
  options: SessionExportOptions,
  onData: (chunk: Uint8Array, final: boolean) => void,
): Promise<PlannedExport & { files: string[] }> {
  const plan = planExport(sources, format, Boolean(options.derived));
  const files: string[] = [];
  const listed = (async function* () {
    for await (const file of sessionExportFilesLoaded(sources, format, options)) {
      files.push(file.path);
      options.onFile?.(file.path, files.length);
      yield file;
    }
  })();
  if (!plan.zipped) {
    for await (const file of listed) onData(file.bytes, true);
    return { ...plan, files };
  }
  await zipFilesAsync(listed, onData);
  return { ...plan, files };
}
