// From the device's description of a stream to the stream a session stores (and syncs).
import type { StreamDescriptor } from '../protocol/streams.ts';
import type { StoredStream } from './types.ts';

const storedKinds: Record<StreamDescriptor['kind'], NonNullable<StoredStream['kind']>> = {
  eeg: 'eeg',
  ppg: 'ppg',
  accel: 'accel',
  gyro: 'gyro',
  aux: 'aux',
  telemetry: 'other',
};

/** A device stream as the studio stores it: every channel, its unit each, and the server's stream kind. */
export function toStoredStream(stream: StreamDescriptor): StoredStream {
  return {
    id: stream.id,
    channels: [...stream.labels],
    sampleRateHz: stream.sampleRateHz,
    unit: stream.units[0] ?? 'uV',
    units: [...stream.units],
    kind: storedKinds[stream.kind] ?? 'other',
  };
}
