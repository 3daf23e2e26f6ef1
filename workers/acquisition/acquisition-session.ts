// The acquisition pipeline without any thread plumbing (so node tests and the bench drive it directly):
//   bytes -> device decoder -> per-stream timeline (index, gap, fitted host time) -> frames -> sinks (rings)
// Bad bytes are counted by the decoder and skipped; nothing here throws on device data.
import type { DecodedPacket, DeviceDecoder, DeviceEvent } from '../devices/decoded.ts';
import type { SampleWriter } from '../ring/port-ring.ts';
import { frameWidth, type DecodeStats, type DeviceDescriptor, type GapRecord, type StreamStats } from '../protocol/streams.ts';
import { StreamTimeline } from './stream-timeline.ts';

export interface AcquisitionListeners {
  onGap?: (gap: GapRecord) => void;
  onEvent?: (event: DeviceEvent) => void;
}

export class AcquisitionSession {
  private readonly timelines = new Map<string, StreamTimeline>();
  private readonly sinks = new Map<string, Set<SampleWriter>>();
  readonly gaps: GapRecord[] = [];
  private readonly emitPacket: (packet: DecodedPacket) => void;
  private readonly emitEvent: (event: DeviceEvent) => void;
  private readonly chunkPackets: DecodedPacket[] = [];
  /** Frames produced while a stream had no reader (between connect and openReader), replayed to its first reader. */
  private readonly backlog = new Map<string, { chunks: Float64Array[]; frames: number }>();
  /** Backlog bound per stream, in seconds of samples. */
  static readonly BACKLOG_SEC = 10;

  constructor(
    readonly sessionId: string,
    readonly descriptor: DeviceDescriptor,
    private readonly decoder: DeviceDecoder,
    private readonly listeners: AcquisitionListeners = {},
  ) {
    for (const stream of descriptor.streams) {
      this.timelines.set(stream.id, new StreamTimeline(stream));
      this.sinks.set(stream.id, new Set());
    }
    this.emitPacket = (packet) => this.chunkPackets.push(packet);
    this.emitEvent = (event) => this.listeners.onEvent?.(event);
  }

  /** Attaches a ring (or port) that receives every frame of `streamId` from now on. */
  addSink(streamId: string, writer: SampleWriter): void {
    const sinks = this.sinks.get(streamId);
    if (!sinks) throw new Error(`no stream "${streamId}" on ${this.descriptor.name}; streams: ${[...this.sinks.keys()].join(', ')}`);
    const width = frameWidth(this.streamChannels(streamId));
    if (writer.frameWidth !== width) throw new Error(`sink for "${streamId}" has frame width ${writer.frameWidth}, expected ${width}`);
    const held = this.backlog.get(streamId);
    if (held && sinks.size === 0) for (const chunk of held.chunks) writer.push(chunk, chunk.length / width);
    this.backlog.delete(streamId);
    sinks.add(writer);
  }

  removeSink(streamId: string, writer: SampleWriter): void {
    this.sinks.get(streamId)?.delete(writer);
  }

  /**
   * Feeds one notification/chunk of raw bytes that arrived at host time `arrivalMs`.
   * A serial chunk can hold many packets that waited in a buffer (e.g. while the page was busy): only the
   * last one is "now"; packet j of n in a stream gets arrivalMs - (n-1-j) packet periods, so a burst after
   * a host stall is not mistaken for a clock jump (which would fake counter wraps and gaps).
   */
  ingest(source: string, bytes: Uint8Array, arrivalMs: number): void {
    this.decoder.feed(source, bytes, this.emitPacket, this.emitEvent);
    if (this.chunkPackets.length === 0) return;
    const remaining = new Map<string, number>();
    for (const p of this.chunkPackets) remaining.set(p.streamId, (remaining.get(p.streamId) ?? 0) + 1);
    for (const packet of this.chunkPackets) {
      const left = remaining.get(packet.streamId)! - 1;
      remaining.set(packet.streamId, left);
      const rate = this.timelines.get(packet.streamId)?.stream.sampleRateHz ?? 1;
      this.place(packet, arrivalMs - (left * packet.frames * 1000) / rate);
    }
    this.chunkPackets.length = 0;
  }

  /** The link dropped: the next packet of every stream closes a 'disconnect' gap; decoder state restarts. */
  markDisconnected(): void {
    for (const timeline of this.timelines.values()) timeline.markDisconnected();
    this.decoder.reset();
  }

  /** Per-stream figures (samples, gaps, lost samples, measured rate). */
  streamStats(): StreamStats[] {
    return [...this.timelines.values()].map((t) => ({ ...t.stats }));
  }

  decodeStats(): DecodeStats {
    return { ...this.decoder.counters };
  }

  timeline(streamId: string): StreamTimeline | undefined {
    return this.timelines.get(streamId);
  }

  private streamChannels(streamId: string): number {
    return this.timelines.get(streamId)!.stream.channels.length;
  }

  private place(packet: DecodedPacket, arrivalMs: number): void {
    const timeline = this.timelines.get(packet.streamId);
    if (!timeline) return; // a stream this preset does not expose
    const channels = timeline.stream.channels.length;
    if (packet.values.length !== packet.frames * channels) {
      this.decoder.counters.corrupt++;
      return;
    }
    const placed = timeline.accept(packet.seq, packet.seqModulus, packet.frames, arrivalMs);
    if (!placed) return;
    if (placed.gap) {
      this.gaps.push(placed.gap);
      this.listeners.onGap?.(placed.gap);
    }
    const sinks = this.sinks.get(packet.streamId)!;
    const width = frameWidth(channels);
    const frames = new Float64Array(packet.frames * width);
    for (let f = 0; f < packet.frames; f++) {
      const index = placed.startSample + f;
      frames[f * width] = index;
      frames[f * width + 1] = timeline.fit.hostTimeMs(index);
      frames.set(packet.values.subarray(f * channels, (f + 1) * channels), f * width + 2);
    }
    if (sinks.size === 0) return this.hold(packet.streamId, frames, packet.frames, timeline.stream.sampleRateHz);
    for (const sink of sinks) sink.push(frames, packet.frames);
  }

  private hold(streamId: string, frames: Float64Array, count: number, rateHz: number): void {
    const held = this.backlog.get(streamId) ?? { chunks: [], frames: 0 };
    held.chunks.push(frames);
    held.frames += count;
    const width = frames.length / count;
    while (held.frames > AcquisitionSession.BACKLOG_SEC * rateHz) held.frames -= held.chunks.shift()!.length / width;
    this.backlog.set(streamId, held);
  }
}
