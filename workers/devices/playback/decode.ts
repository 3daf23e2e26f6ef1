// Playback packets use the synthetic wire format; the transport source names the stream.
import { createDecodeCounters, type DeviceDecoder } from '../decoded.ts';
import { createSyntheticDecoder } from '../synthetic/packets.ts';
import type { DeviceDescriptor } from '../../protocol/streams.ts';

/** One synthetic-format decoder per playback stream, selected by `source` (= stream id). */
export function createPlaybackDecoder(descriptor: DeviceDescriptor): DeviceDecoder {
  const counters = createDecodeCounters();
  const perStream = new Map(descriptor.streams.map((s) => [s.id, createSyntheticDecoder(s.channels.length, s.id)]));
  return {
    counters,
    feed(source, bytes, emit, event) {
      const decoder = perStream.get(source);
      if (!decoder) return void counters.unknown++;
      decoder.feed(source, bytes, emit, event);
      for (const key of Object.keys(counters) as (keyof typeof counters)[])
        counters[key] = [...perStream.values()].reduce((n, d) => n + d.counters[key], 0);
    },
    reset() {},
  };
}
