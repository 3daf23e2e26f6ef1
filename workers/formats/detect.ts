// Format detection by content (never by file name): magic bytes for EDF/BDF, then the first text lines.

import type { RecordingFormat } from './recording.ts';
import { latin1 } from './shared/ascii.ts';

/** Detected format, or null when the content matches none. */
export function detectFormat(bytes: Uint8Array): RecordingFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0xff && latin1(bytes, 1, 7) === 'BIOSEMI') {
    return /^BDF\+[CD]/.test(latin1(bytes, 192, 44)) ? 'bdf+' : 'bdf';
  }
  // EDF's version field '0' + 7 spaces is enough: a broken header should get the EDF reader's precise error.
  if (bytes.length >= 256 && latin1(bytes, 0, 8) === '0       ') {
    return /^EDF\+[CD]/.test(latin1(bytes, 192, 44)) ? 'edf+' : 'edf';
  }
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const start = head.trimStart();
  if (start.startsWith('{')) return 'clisonix-json';
  const lines = start.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0] ?? '';
  if (first.startsWith('%') || /^Sample Index\s*,/.test(first)) return 'openbci-gui';
  if (first.startsWith('# clisonix') || /^time_s,/.test(first)) return 'clisonix-csv';
  if (/^TimeStamp,/.test(first)) return 'mind-monitor-csv';
  if (/(^|,)timestamps(,|$)/.test(first) || /(^|,)TP9(,|$)/.test(first)) return 'muse-lsl-csv';
  if (first.includes('\t') && /^[-\d.eE+\t ]+$/.test(first)) return 'brainflow-csv';
  if (/^[-\d.eE+, ]+$/.test(first) && lines.length >= 2) {
    const width = first.split(',').length;
    if (width >= 6 && width <= 8) return 'muse-lsl-csv';
  }
  return null;
}
