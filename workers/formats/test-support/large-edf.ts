// Writes a large synthetic EDF to disk record by record (never whole in memory): `channels` signals at
// `rateHz`, 1-s records, digital value of sample i on channel k = ((i * 7 + k * 13) % 2001) - 1000,
// physical = digital (gain 1), so a reader's sums can be checked exactly.

import { closeSync, openSync, writeSync } from 'node:fs';
import { buildEdfHeader } from '../edf/edf-header-writer.ts';

export function expectedDigital(i: number, k: number): number {
  return ((i * 7 + k * 13) % 2001) - 1000;
}

export function writeLargeEdf(path: string, channels: number, rateHz: number, records: number): number {
  const header = buildEdfHeader({
    bdf: false,
    discontinuous: false,
    patient: 'X X X X',
    startIso: '2024-01-02T03:04:05',
    recordCount: records,
    durationField: '1',
    signals: Array.from({ length: channels }, (_, k) => ({
      label: `C${k + 1}`,
      transducer: '',
      unit: 'uV',
      physicalMin: '-32768',
      physicalMax: '32767',
      digitalMin: -32768,
      digitalMax: 32767,
      prefilter: '',
      samplesPerRecord: rateHz,
    })),
  });
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  const record = new Int16Array(channels * rateHz);
  for (let r = 0; r < records; r++) {
    for (let k = 0; k < channels; k++) {
      for (let i = 0; i < rateHz; i++) record[k * rateHz + i] = expectedDigital(r * rateHz + i, k);
    }
    writeSync(fd, new Uint8Array(record.buffer));
  }
  closeSync(fd);
  return header.length + records * record.byteLength;
}
