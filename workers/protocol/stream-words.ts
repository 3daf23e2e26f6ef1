// A stream described for a person: "4 EEG channels at 256 Hz", "37 band powers, 1 sample per second".
// Rates from a file's timestamps are rarely round (1.0000172 Hz): below 20 Hz they are said as how
// often a sample comes, which is what the file's rows are; above, in Hz with no false precision.
import type { Stream } from './streams.ts';

/** 256 -> '256 Hz'; 1.0000172 -> '1 sample per second'; 0.1 -> '1 sample every 10 s'. */
export function describeRate(hz: number): string {
  if (!(hz > 0)) return 'no known rate';
  if (hz >= 20) return Number.isInteger(Math.round(hz * 10) / 10) ? `${Math.round(hz)} Hz` : `${hz.toFixed(1)} Hz`;
  const perSecond = Math.round(hz);
  if (perSecond >= 1 && Math.abs(hz - perSecond) / perSecond < 0.005)
    return perSecond === 1 ? '1 sample per second' : `${perSecond} samples per second`;
  if (hz < 1) {
    const every = 1 / hz;
    return `1 sample every ${Number.isInteger(Math.round(every * 10) / 10) ? Math.round(every) : every.toFixed(1)} s`;
  }
  return `${hz.toFixed(2)} Hz`;
}

const KIND_WORDS: Record<Stream['kind'], [string, string]> = {
  eeg: ['EEG channel', 'EEG channels'],
  exg: ['ExG channel', 'ExG channels'],
  aux: ['auxiliary channel', 'auxiliary channels'],
  accel: ['accelerometer axis', 'accelerometer axes'],
  gyro: ['gyroscope axis', 'gyroscope axes'],
  ppg: ['optical (PPG) channel', 'optical (PPG) channels'],
  status: ['status value', 'status values'],
  other: ['channel', 'channels'],
};

/** '4 EEG channels at 256 Hz'; a derived band-power stream says so ('20 band powers, 1 sample per second'). */
export function describeStream(stream: Stream): string {
  const n = stream.channels.length;
  const [one, many] = stream.id.startsWith('band-power') ? ['band power', 'band powers'] : KIND_WORDS[stream.kind];
  const rate = describeRate(stream.sampleRateHz);
  return `${n} ${n === 1 ? one : many}${rate.endsWith('Hz') ? ' at ' : ', '}${rate}`;
}
