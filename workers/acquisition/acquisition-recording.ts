// A recording made inside the acquisition worker. Every stream of the device (and of a companion
// device beside it, companion-device.ts) is a sink of the acquisition pipeline, so samples reach
// IndexedDB whatever the page does (hidden and throttled, busy, or on another screen).
//
// Positions are on each stream's own timeline: sample 0 of a stream is the first sample the device
// placed after recording started (the device counter, unwrapped); markers are placed with the
// stream's fitted host time, gaps keep the cause the timeline gave them.
import { copyStream, frameWidth, type GapRecord, type Stream } from '../protocol/streams.ts';
import type { SampleWriter } from '../ring/port-ring.ts';
import { encodeSealedChunk } from '../storage/chunk-codec.ts';
import { openStudioDb } from '../storage/db.ts';
import { SessionRecorder, type RecorderStatus } from '../storage/recorder.ts';
import type { StoredMarker, StoredSession } from '../storage/types.ts';
import type { SampleBlock } from '../storage/chunk-sealer.ts';
import type { AcquisitionSession } from './acquisition-session.ts';
import { framesToBlocks } from './frames-to-blocks.ts';

export interface RecordingOptions {
  deviceName: string;
  title?: string;
  /** IndexedDB database (tests use their own); the studio's by default. */
  dbName?: string;
  /** Session id (tests); a random UUID otherwise. */
  id?: string;
}

/**
 * Feeds one stream's frames to the recorder, re-based so that the first recorded sample is 0. It is
 * attached the moment Record is pressed; blocks that arrive while the session is being created in
 * IndexedDB wait in `held` and go to the recorder once it exists.
 */
class StreamRecordingSink implements SampleWriter {
  readonly frameWidth: number;
  private recorder: SessionRecorder | null = null;
  private held: SampleBlock[] = [];

  constructor(
    readonly stream: Stream,
    /** Device sample index that is sample 0 of the recording. */
    readonly firstIndex: number,
  ) {
    this.frameWidth = frameWidth(stream.channels.length);
  }

  push(frames: Float64Array, frameCount = frames.length / this.frameWidth): boolean {
    const view = frames.subarray(0, frameCount * this.frameWidth);
    for (const block of framesToBlocks(this.stream.id, view, this.stream.channels.length)) {
      if (block.firstSample < this.firstIndex) continue; // placed before recording started
      const rebased = { firstSample: block.firstSample - this.firstIndex, channels: block.channels };
      if (this.recorder) this.recorder.push(this.stream.id, rebased);
      else this.held.push(rebased);
    }
    return true;
  }

  /** The session exists: hand over what arrived meanwhile, then write straight through. */
  attach(recorder: SessionRecorder): void {
    this.recorder = recorder;
    for (const block of this.held) recorder.push(this.stream.id, block);
    this.held = [];
  }
}

/** One recorded stream: the sink that feeds it and the acquisition session (device) it comes from. */
interface RecordedStream {
  sink: StreamRecordingSink;
  source: AcquisitionSession;
}

export class AcquisitionRecording {
  private readonly recorded: RecordedStream[];
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly recorder: SessionRecorder,
    recorded: RecordedStream[],
  ) {
    this.recorded = recorded;
    for (const { sink } of recorded) sink.attach(recorder);
  }

  /**
   * Creates the session in IndexedDB (durably, holding its Web Lock) and starts recording every stream
   * of every source: the headset first (its first stream carries the markers and the start time), then
   * a companion device's (a heart-rate strap), all into one session. Stream ids must differ across sources.
   * @example const recording = await AcquisitionRecording.start([headset, strap], { deviceName: 'Muse-1324 + Polar H10' }, post);
   */
  static async start(
    sources: AcquisitionSession[],
    options: RecordingOptions,
    onStatus: (status: RecorderStatus) => void,
  ): Promise<AcquisitionRecording> {
    // Sample 0 of each stream is the next one its timeline places: the sinks attach now, before any await.
    const recorded = sources.flatMap((source) =>
      source.descriptor.streams.map((stream) => ({ source, sink: new StreamRecordingSink(stream, source.timeline(stream.id)!.expectedNextSample) })),
    );
    for (const { source, sink } of recorded) source.addSink(sink.stream.id, sink);
    const first = recorded[0]!;
    const startHostMs = first.source.timeline(first.sink.stream.id)!.fit.hostTimeMs(first.sink.firstIndex);
    try {
      const db = await openStudioDb(options.dbName);
      const recorder = await SessionRecorder.start(db, {
        id: options.id,
        title: options.title,
        deviceName: options.deviceName,
        streams: recorded.map(({ sink }) => copyStream(sink.stream)),
        encode: encodeSealedChunk,
        onStatus,
        startedAtMs: Number.isFinite(startHostMs) ? Math.round(startHostMs) : undefined,
      });
      return new AcquisitionRecording(recorder, recorded);
    } catch (error) {
      for (const { source, sink } of recorded) source.removeSink(sink.stream.id, sink);
      throw error;
    }
  }

  /**
   * A source (a companion removed by the user) stops feeding the recording: its streams end at the last
   * sample they had; the open chunk is sealed with the others when the recording stops.
   */
  detach(source: AcquisitionSession): void {
    for (const { sink } of this.recorded.filter((r) => r.source === source)) source.removeSink(sink.stream.id, sink);
  }

  get session(): StoredSession {
    return this.recorder.session;
  }

  get status(): RecorderStatus {
    return this.recorder.snapshot();
  }

  /**
   * Places a marker on the first stream's timeline at host time `hostTimeMs` (epoch ms, e.g.
   * performance.timeOrigin + event.timeStamp of the key press), and stores it.
   */
  addMarker(text: string, source: string, hostTimeMs: number): Promise<StoredMarker> {
    if (typeof text !== 'string' || !text.trim()) return Promise.reject(new Error('a marker needs a text'));
    if (!Number.isFinite(hostTimeMs)) return Promise.reject(new Error(`marker time must be epoch milliseconds, got ${hostTimeMs}`));
    const first = this.recorded[0]!;
    const sink = first.sink;
    const index = first.source.timeline(sink.stream.id)!.fit.sampleIndexAt(hostTimeMs);
    // Before the first packet the fit knows no time yet: the marker goes on the first sample.
    const sample = Number.isFinite(index) ? Math.max(0, Math.round(index) - sink.firstIndex) : 0;
    const at = { atMs: (sample / sink.stream.sampleRateHz) * 1000, streamId: sink.stream.id, sample };
    return this.serial(() => this.recorder.addMarker(text.slice(0, 1000), source, at));
  }

  /** Keeps a gap the timeline found inside the recording (gaps before it started are not part of it). */
  addGap(gap: GapRecord): void {
    const sink = this.recorded.find((r) => r.sink.stream.id === gap.streamId)?.sink;
    if (!sink || gap.startSample + gap.lengthSamples <= sink.firstIndex) return;
    const startSample = Math.max(0, gap.startSample - sink.firstIndex);
    const lengthSamples = gap.startSample + gap.lengthSamples - sink.firstIndex - startSample;
    void this.serial(() => this.recorder.addGap({ streamId: gap.streamId, startSample, lengthSamples, cause: gap.cause }));
  }

  /** Stops taking samples, seals and writes the open chunks, marks the session complete. */
  async stop(): Promise<StoredSession> {
    for (const { source, sink } of this.recorded) source.removeSink(sink.stream.id, sink);
    await this.writes.catch(() => {});
    return this.recorder.stop();
  }

  /** Metadata writes (markers, gaps) one after the other, so they are stored in the order they happened. */
  private serial<T>(write: () => Promise<T>): Promise<T> {
    const next = this.writes.catch(() => {}).then(write);
    this.writes = next;
    return next;
  }
}
