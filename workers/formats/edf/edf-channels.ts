// Channel descriptions from EDF signal headers, and BioSemi Status decoding (trigger bit changes -> markers).

import type { ChannelKind, RecordingChannel, RecordingMarker } from '../recording.ts';
import type { EdfHeader, EdfSignalHeader } from './edf-header.ts';

/** Guess a channel's kind from its label and unit; EDF has no kind field. */
export function edfChannelKind(s: EdfSignalHeader, flavour: 'edf' | 'bdf'): ChannelKind {
  const label = s.label.toUpperCase();
  if (label === 'STATUS' && flavour === 'bdf') return 'status';
  if (/^(EXG|EOG|EMG|ECG|EKG|[RLIHV]EOG)/.test(label) || /EOG|EMG|ECG/.test(label)) return 'exg';
  // Our writer names the transducer of motion and optical channels (edf-writer.ts TRANSDUCERS).
  if (/ACC|ACCEL/.test(label) || /^accelerometer/i.test(s.transducer) || s.unit === 'g') return 'accel';
  if (/GYRO/.test(label) || /^gyroscope/i.test(s.transducer) || /^(deg|rad)\/s$/.test(s.unit)) return 'gyro';
  if (/^PPG|photoplethysmograph/i.test(s.transducer)) return 'ppg';
  if (/^AUX/.test(label)) return 'aux';
  if (/V$/i.test(s.unit) || s.unit === '') return flavour === 'bdf' && /^M[12]$/.test(label) ? 'exg' : 'eeg';
  return 'other';
}

/** A channel without samples yet (filled by the reader). */
export function edfChannel(header: EdfHeader, s: EdfSignalHeader): RecordingChannel {
  return {
    label: s.label,
    kind: edfChannelKind(s, header.flavour),
    unit: s.unit,
    sampleRateHz: header.recordDurationSec > 0 ? s.samplesPerRecord / header.recordDurationSec : 0,
    samples: new Float64Array(0),
    header: {
      transducer: s.transducer,
      prefilter: s.prefilter,
      physicalMin: s.physicalMin,
      physicalMax: s.physicalMax,
      digitalMin: s.digitalMin,
      digitalMax: s.digitalMax,
      samplesPerRecord: s.samplesPerRecord,
    },
  };
}

/**
 * BioSemi Status: the low 16 bits are the trigger inputs. A marker is emitted whenever they change to a
 * non-zero value (text 'Status <value>'); `startIndex` is the index of samples[0] in the whole channel.
 */
export class StatusEventDecoder {
  private last = 0;
  readonly markers: RecordingMarker[] = [];
  constructor(private readonly rateHz: number) {}

  push(samples: Float64Array, startIndex: number): void {
    for (let i = 0; i < samples.length; i++) {
      const value = Math.round(samples[i]) & 0xffff;
      if (value !== this.last && value !== 0) {
        this.markers.push({ onsetSec: (startIndex + i) / this.rateHz, durationSec: 0, text: `Status ${value}` });
      }
      this.last = value;
    }
  }
}
