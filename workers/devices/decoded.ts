// What every device decoder hands to the acquisition timeline: one packet of one stream, in physical units.

/** One decoded packet: `frames` consecutive samples of every channel of one stream. */
export interface DecodedPacket {
  streamId: string;
  /** Device sequence value as sent (modular); counts packets of this stream. */
  seq: number;
  /** The device counter wraps at this value (e.g. 65536 for Muse, 256 for Cyton). */
  seqModulus: number;
  /** Samples per channel in this packet. */
  frames: number;
  /** frames x channels values, frame-major, in the stream's units. NaN marks "no reading in this frame". */
  values: Float64Array;
}

/** Where decoders report what they could not use; counted, skipped, never thrown. */
export interface DecodeCounters {
  packets: number;
  corrupt: number;
  truncated: number;
  unknown: number;
  skippedBytes: number;
}

export function createDecodeCounters(): DecodeCounters {
  return { packets: 0, corrupt: 0, truncated: 0, unknown: 0, skippedBytes: 0 };
}

/** Side information a device sends that is not a sample stream (battery, device info, messages). */
export type DeviceEvent =
  /** Battery state of charge (%); fuel gauge and temperature where the device reports them (Muse 2/S). */
  | { type: 'telemetry'; batteryPct: number; fuelGaugeMv?: number; temperatureC?: number }
  /** Notifications lost in flight, counted by a device's packet counter (the streams' gaps say how many samples). */
  | { type: 'packet-loss'; source: string; lostPackets: number; lastSeq: number; nextSeq: number }
  /** Bytes a decoder could not use: what was wrong (`code`, `message`) and where (`byteOffset` in the notification). */
  | { type: 'decode-problem'; source: string; code: string; byteOffset: number; message: string; occurrences: number }
  | { type: 'device-info'; info: Record<string, unknown> }
  | { type: 'device-message'; text: string }
  | { type: 'impedance'; channel: string; ohms: number };

/** A stateful decoder for one device: raw bytes from one transport source in, packets and events out. */
export interface DeviceDecoder {
  readonly counters: DecodeCounters;
  /**
   * Decodes one notification/chunk. `source` names where it came from (a characteristic UUID, 'serial').
   * Never throws: bad bytes are counted in `counters` and skipped.
   */
  feed(source: string, bytes: Uint8Array, emit: (packet: DecodedPacket) => void, event: (e: DeviceEvent) => void): void;
  /** Forget partial state (after a reconnect the device may restart its streams). */
  reset(): void;
}
