// Whole-file EDF/EDF+/BDF/BDF+ reader. A truncated data section yields the complete records that are
// there plus a warning; a broken header throws FormatError naming the byte offset.

import type { Recording } from '../recording.ts';
import { FormatError } from '../shared/format-error.ts';
import { edfChannel, StatusEventDecoder } from './edf-channels.ts';
import { parseEdfHeader, type EdfHeader } from './edf-header.ts';
import { dataSignalIndexes, decodeEdfRecords } from './edf-records.ts';
import { EdfTimeline } from './edf-timeline.ts';

/** How many whole records the file holds, with a warning when the header disagrees with the size. */
export function countEdfRecords(header: EdfHeader, fileBytes: number, warnings: string[]): number {
  if (header.recordBytes === 0) return 0;
  const available = Math.floor((fileBytes - header.headerBytes) / header.recordBytes);
  const leftover = (fileBytes - header.headerBytes) % header.recordBytes;
  if (header.recordCount === -1) return available;
  if (header.recordCount < -1) throw new FormatError('EDF header', 'number of data records >= -1', { offset: 236 }, String(header.recordCount));
  if (available < header.recordCount) {
    warnings.push(
      `file is truncated: header announces ${header.recordCount} data records, ${available} complete record(s) present` +
        (leftover ? ` (${leftover} trailing bytes of a partial record ignored at byte ${fileBytes - leftover})` : ''),
    );
    return available;
  }
  if (available > header.recordCount)
    warnings.push(`${(available - header.recordCount) * header.recordBytes + leftover} bytes after the last data record ignored`);
  return header.recordCount;
}

/** Recording-level fields shared by the whole-file and the streaming reader. */
export function edfRecordingShell(header: EdfHeader): Recording {
  const base = header.flavour;
  return {
    format: header.plus ? (`${base}+` as 'edf+' | 'bdf+') : base,
    startTime: header.startIso,
    channels: dataSignalIndexes(header).map((i) => edfChannel(header, header.signals[i])),
    markers: [],
    gaps: [],
    warnings: [],
    metadata: {
      patient: header.patient,
      recording: header.recordingField,
      startDateField: header.startDate,
      startTimeField: header.startTime,
      reserved: header.reserved,
      recordDurationSec: header.recordDurationSec,
      recordCount: header.recordCount,
      version: header.flavour === 'bdf' ? 'BIOSEMI' : header.version.trim(),
    },
  };
}

/**
 * EDF+ puts a sub-second start in the first record's onset: add it to the start time and make
 * marker and gap onsets relative to the first sample.
 */
export function applySubsecondStart(recording: Recording, firstOnsetSec: number): void {
  if (!(firstOnsetSec > 0 && firstOnsetSec < 1) || !recording.startTime) return;
  recording.startTime += firstOnsetSec.toFixed(6).replace(/0+$/, '').slice(1);
  for (const m of recording.markers) m.onsetSec = round6(m.onsetSec - firstOnsetSec);
  for (const g of recording.gaps) g.onsetSec = round6(g.onsetSec - firstOnsetSec);
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Read a whole EDF/BDF file held in memory. */
export function readEdf(bytes: Uint8Array): Recording {
  const header = parseEdfHeader(bytes);
  const recording = edfRecordingShell(header);
  const records = countEdfRecords(header, bytes.length, recording.warnings);
  const batch = decodeEdfRecords(header, bytes.subarray(header.headerBytes), records, 0);
  const timeline = new EdfTimeline(header);
  timeline.add(batch);
  timeline.finish();
  recording.channels.forEach((ch, k) => (ch.samples = batch.samples[k]));
  recording.markers = timeline.markers;
  recording.gaps = timeline.gaps;
  recording.warnings.push(...timeline.warnings);
  for (const ch of recording.channels) {
    if (ch.kind !== 'status') continue;
    const status = new StatusEventDecoder(ch.sampleRateHz);
    status.push(ch.samples, 0);
    recording.markers.push(...status.markers);
  }
  recording.markers.sort((a, b) => a.onsetSec - b.onsetSec);
  applySubsecondStart(recording, timeline.firstOnsetSec ?? 0);
  recording.metadata.recordCount = records;
  return recording;
}
