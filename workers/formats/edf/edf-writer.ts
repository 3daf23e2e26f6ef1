// EDF+ (16-bit) and BDF+ (24-bit) writer. Markers become TAL annotations in the record that contains
// them; gaps start new records (EDF+D, record onsets in the time-keeping TAL); a segment's last record
// is padded and the padding declared with a PADDING_TEXT annotation. A sub-second start time goes into
// the first record's onset, as EDF+ specifies.

import type { Recording } from '../recording.ts';
import { buildEdfHeader } from './edf-header-writer.ts';
import { PADDING_TEXT, planRecords } from './edf-plan.ts';
import { chooseScaling, toDigital } from './edf-ranges.ts';
import { encodeTal } from './tal.ts';

/** Transducer field of channels without one, so a reader can tell motion and optical channels from EEG. */
const TRANSDUCERS: Partial<Record<Recording['channels'][number]['kind'], string>> = {
  accel: 'Accelerometer',
  gyro: 'Gyroscope',
  ppg: 'PPG (photoplethysmograph)',
};

interface PlannedRecord {
  segment: number;
  index: number;
  onsetSec: number;
  tals: Uint8Array[];
}

export function writeEdf(recording: Recording, bits: 16 | 24 = 16): Uint8Array {
  const plan = planRecords(recording);
  const bps = bits === 16 ? 2 : 3;
  const d = plan.recordDurationSec;
  const fraction = subsecond(recording.startTime);
  const scalings = recording.channels.map((c) => chooseScaling(c.samples, bits));
  const records: PlannedRecord[] = [];
  plan.segments.forEach((seg, s) => {
    const count = Math.max(...seg.count.map((n, k) => Math.ceil(n / plan.samplesPerRecord[k])));
    for (let i = 0; i < count; i++) {
      const onsetSec = fraction + seg.onsetSec + i * d;
      records.push({ segment: s, index: i, onsetSec, tals: [encodeTal(onsetSec, 0, [''])] });
    }
    const last = records[records.length - 1];
    const dataSec = seg.count[0] / recording.channels[0].sampleRateHz;
    if (dataSec < count * d - 1e-9) last.tals.push(encodeTal(fraction + seg.onsetSec + dataSec, count * d - dataSec, [PADDING_TEXT]));
  });
  // BDF re-derives 'Status <n>' markers from the Status channel on reading: do not write them twice.
  const statusKept = bits === 24 && recording.channels.some((c) => c.kind === 'status' && c.label === 'Status');
  for (const m of recording.markers) {
    if (statusKept && /^Status \d+$/.test(m.text)) continue;
    const t = m.onsetSec + fraction;
    const host = records.findLast((r) => r.onsetSec <= t + 1e-9) ?? records[0];
    host?.tals.push(encodeTal(t, m.durationSec, [m.text]));
  }
  const annotationBytes = Math.max(...records.map((r) => r.tals.reduce((n, t) => n + t.length, 0)), 2 * bps);
  const annotationSamples = Math.ceil(annotationBytes / bps);
  const header = buildEdfHeader({
    bdf: bits === 24,
    discontinuous: plan.segments.length > 1,
    patient: String(recording.metadata.patient ?? ''),
    startIso: recording.startTime,
    recordCount: records.length,
    durationField: plan.durationField,
    signals: [
      ...recording.channels.map((c, k) => ({
        label: c.label,
        transducer: String(c.header?.transducer ?? TRANSDUCERS[c.kind] ?? ''),
        unit: c.unit,
        physicalMin: scalings[k].physicalMinText,
        physicalMax: scalings[k].physicalMaxText,
        digitalMin: scalings[k].digitalMin,
        digitalMax: scalings[k].digitalMax,
        prefilter: String(c.header?.prefilter ?? ''),
        samplesPerRecord: plan.samplesPerRecord[k],
      })),
      {
        label: bits === 16 ? 'EDF Annotations' : 'BDF Annotations',
        transducer: '',
        unit: '',
        physicalMin: '-1',
        physicalMax: '1',
        digitalMin: bits === 16 ? -32768 : -8388608,
        digitalMax: bits === 16 ? 32767 : 8388607,
        prefilter: '',
        samplesPerRecord: annotationSamples,
      },
    ],
  });
  const recordBytes = (plan.samplesPerRecord.reduce((a, b) => a + b, 0) + annotationSamples) * bps;
  const out = new Uint8Array(header.length + records.length * recordBytes);
  out.set(header);
  const view = new DataView(out.buffer);
  let pos = header.length;
  for (const r of records) {
    const seg = plan.segments[r.segment];
    recording.channels.forEach((c, k) => {
      const spr = plan.samplesPerRecord[k];
      const from = seg.start[k] + r.index * spr;
      const available = Math.max(0, Math.min(spr, seg.start[k] + seg.count[k] - from));
      for (let i = 0; i < spr; i++, pos += bps) {
        // Padding repeats the last real value (declared as padding; readers that honour it drop it).
        const v = i < available ? c.samples[from + i] : c.samples[Math.max(0, from + available - 1)];
        const dv = toDigital(v, scalings[k]);
        if (bps === 2) view.setInt16(pos, dv, true);
        else {
          out[pos] = dv & 0xff;
          out[pos + 1] = (dv >> 8) & 0xff;
          out[pos + 2] = (dv >> 16) & 0xff;
        }
      }
    });
    let a = pos;
    for (const t of r.tals) {
      out.set(t, a);
      a += t.length;
    }
    pos += annotationSamples * bps;
  }
  return out;
}

/** Fractional seconds of an ISO start time ('...:SS.329' -> 0.329). */
function subsecond(iso: string | null): number {
  const m = iso ? /T\d\d:\d\d:\d\d(\.\d+)/.exec(iso) : null;
  return m ? Number(m[1]) : 0;
}
