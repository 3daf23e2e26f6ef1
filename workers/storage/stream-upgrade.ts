// Sessions stored by database version 1 kept a stream's channels as labels beside one `unit` (and
// sometimes `units`); version 2 keeps the contract's stream, a label and a unit per channel. This
// turns one stored stream of either shape into the current one (what the v2 upgrade runs on every
// stored session).
import type { Stream, StreamKind } from '../protocol/streams.ts';

interface StreamV1 {
  id: string;
  channels: string[];
  sampleRateHz: number;
  unit?: string;
  units?: string[];
  kind?: StreamKind;
}

export function upgradeStoredStream(stored: Stream | StreamV1): Stream {
  if (stored.channels.every((c) => typeof c === 'object')) return stored as Stream;
  const old = stored as StreamV1;
  return {
    id: old.id,
    kind: old.kind ?? 'eeg',
    sampleRateHz: old.sampleRateHz,
    channels: old.channels.map((label, i) => ({ label, unit: old.units?.[i] || old.unit || 'uV' })),
  };
}
