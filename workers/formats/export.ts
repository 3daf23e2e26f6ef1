// exportRecording: one entry for every writer.

import { writeEdf } from './edf/edf-writer.ts';
import { writeClisonixJson } from './json/clisonix-json-writer.ts';
import type { Recording } from './recording.ts';
import { FormatError } from './shared/format-error.ts';
import { writeBrainFlowCsv } from './text/brainflow-writer.ts';
import { writeClisonixCsv } from './text/clisonix-csv.ts';
import { writeOpenBciTxt } from './text/openbci-writer.ts';

export type ExportFormat = 'edf' | 'bdf' | 'csv' | 'json' | 'brainflow-csv' | 'openbci-txt';

export const EXPORT_FORMATS: ExportFormat[] = ['edf', 'bdf', 'csv', 'json', 'brainflow-csv', 'openbci-txt'];

/** File extension and MIME type per export format (for downloads). */
export const EXPORT_FILE_TYPES: Record<ExportFormat, { extension: string; mime: string }> = {
  edf: { extension: '.edf', mime: 'application/octet-stream' },
  bdf: { extension: '.bdf', mime: 'application/octet-stream' },
  csv: { extension: '.csv', mime: 'text/csv' },
  json: { extension: '.json', mime: 'application/json' },
  'brainflow-csv': { extension: '.csv', mime: 'text/csv' },
  'openbci-txt': { extension: '.txt', mime: 'text/plain' },
};

/**
 * Write a recording in one of the export formats. EDF+ is 16-bit and BDF+ 24-bit with per-channel ranges
 * fitted to the data; CSV/JSON are exact; BrainFlow/OpenBCI need one rate for all channels.
 * @example const bytes = exportRecording(recording, 'edf');
 */
export function exportRecording(recording: Recording, format: ExportFormat): Uint8Array {
  switch (format) {
    case 'edf':
      return writeEdf(recording, 16);
    case 'bdf':
      return writeEdf(recording, 24);
    case 'csv':
      return writeClisonixCsv(recording);
    case 'json':
      return writeClisonixJson(recording);
    case 'brainflow-csv':
      return writeBrainFlowCsv(recording);
    case 'openbci-txt':
      return writeOpenBciTxt(recording);
    default:
      throw new FormatError('export', `one of ${EXPORT_FORMATS.join(', ')}`, undefined, String(format));
  }
}
