// The acquisition worker's behaviour, independent of `self` so node tests can drive it:
// handles ToWorker messages, owns the session, the readers' rings and the in-worker sources
// (synthetic headset, playback) which feed bytes through exactly the same ingest() as BLE/serial bytes.
import type { FromWorker, ToWorker } from './acquisition.protocol.ts';
import type { ConnectionState } from '../protocol/streams.ts';
import { STATS_INTERVAL_MS } from './acquisition.protocol.ts';
import { AcquisitionSession } from './acquisition-session.ts';
import { AcquisitionRecording } from './acquisition-recording.ts';
import { createDevicePipeline, type DevicePipeline } from './device-setup.ts';
import { RingWriter } from '../ring/spsc-ring.ts';
import { PortRingWriter, type SampleWriter } from '../ring/port-ring.ts';
import { SyntheticSource } from '../devices/synthetic/synthetic-source.ts';
import { advancePlayback, playbackDescriptor } from '../devices/playback/playback-source.ts';
import { createCompanion } from './companion-device.ts';

/** Host clock shared by all threads: epoch milliseconds with sub-ms resolution. */
export const hostNowMs = (): number => performance.timeOrigin + performance.now();

/** How often in-worker sources produce packets (ms). */
const SOURCE_TICK_MS = 20;
/**
 * The synthetic headset hands each packet over when it completes (a timer set for that moment), as a
 * real headset's notification arrives: a fixed 4 ms tick delivered packets 0-4 ms after the arrival
 * time they carry, which the loop latency counted (2.8 ms at the median). At most this long between
 * looks (ms), so a steer or a disconnect is seen soon.
 */
const SYNTHETIC_MAX_WAIT_MS = 50;
/** Browsers make a nested timer's delay at least this (ms, HTML timers: nesting level above 5). */
const NESTED_TIMER_CLAMP_MS = 4;

export class AcquisitionController {
  private session: AcquisitionSession | null = null;
  /** A second device beside the headset (a heart-rate strap), recorded into the same session: companion-device.ts. */
  private companion: AcquisitionSession | null = null;
  private pipeline: DevicePipeline | null = null;
  private readonly readers = new Map<string, { streamId: string; writer: SampleWriter }>();
  private timers: ReturnType<typeof setInterval>[] = [];
  /** The synthetic headset's next hand-over (runSynthetic). */
  private syntheticTimer: ReturnType<typeof setTimeout> | undefined;
  private syntheticHop: MessageChannel | undefined;
  private synthetic: SyntheticSource | null = null;
  private state: ConnectionState = 'idle';
  private recording: AcquisitionRecording | null = null;
  private recordingStarting = false;

  constructor(
    private readonly post: (message: FromWorker, transfer?: Transferable[]) => void,
    private readonly now = hostNowMs,
  ) {}

  /** Handles one message; never throws (errors are posted back). */
  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.post({
        type: 'error',
        code: message.type === 'start' ? 'bad-setup' : 'internal',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private dispatch(message: ToWorker): void {
    switch (message.type) {
      case 'start':
        return this.start(message.sessionId, message.setup);
      case 'bytes':
        this.session?.ingest(message.source, new Uint8Array(message.bytes), message.arrivalMs);
        return;
      case 'open-reader': {
        if (!this.session) throw new Error('open-reader before start');
        const writer = 'ring' in message ? new RingWriter(message.ring) : new PortRingWriter(message.port, message.frameWidth);
        this.sessionOf(message.streamId).addSink(message.streamId, writer);
        this.readers.set(message.readerId, { streamId: message.streamId, writer });
        return;
      }
      case 'close-reader': {
        const reader = this.readers.get(message.readerId);
        if (reader && this.session) this.sessionOf(reader.streamId).removeSink(reader.streamId, reader.writer);
        this.readers.delete(message.readerId);
        return;
      }
      case 'companion-start':
        return this.reply(message.requestId, () => this.startCompanion(message.setup));
      case 'companion-bytes':
        this.companion?.ingest(message.source, new Uint8Array(message.bytes), message.arrivalMs);
        return;
      case 'companion-link-state':
        if (message.state === 'reconnecting') this.companion?.markDisconnected();
        return;
      case 'companion-stop':
        return this.reply(message.requestId, () => this.stopCompanion());
      case 'link-state':
        return this.setState(message.state);
      case 'set-gain':
        this.pipeline?.decoder.setGain?.(message.channel, message.gain);
        return;
      case 'simulate-disconnect': {
        if (!this.synthetic) throw new Error('simulate-disconnect works only with the synthetic headset');
        this.synthetic.disconnectUntil(this.now() + message.durationMs);
        this.setState('reconnecting');
        const timer = setTimeout(() => this.setState('streaming'), message.durationMs);
        this.timers.push(timer as unknown as ReturnType<typeof setInterval>);
        return;
      }
      case 'steer-synthetic':
        if (!this.synthetic) throw new Error('steer-synthetic works only with the synthetic headset');
        this.synthetic.steerAlpha(message.hostTimeMs, message.change);
        return;
      case 'record-start':
        return this.reply(message.requestId, () => this.startRecording(message.options));
      case 'record-stop':
        return this.reply(message.requestId, () => this.stopRecording());
      case 'marker':
        return this.reply(message.requestId, () => {
          if (!this.recording) throw new Error('markers are added while recording');
          return this.recording.addMarker(message.text, message.source, message.hostTimeMs);
        });
      case 'stop':
        this.stop();
        return;
      default:
        this.post({ type: 'error', code: 'bad-message', message: `unknown message type "${(message as { type: string }).type}"` });
    }
  }

  /** Runs a request and posts its answer (or its error) as a 'reply'; never throws. */
  private reply(requestId: number, work: () => unknown): void {
    Promise.resolve()
      .then(work)
      .then(
        (value) => this.post({ type: 'reply', requestId, ok: true, value }),
        (error) => this.post({ type: 'reply', requestId, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  }

  private async startRecording(options: import('./acquisition-recording.ts').RecordingOptions) {
    if (!this.session) throw new Error('connect a device before recording');
    if (this.recording || this.recordingStarting) throw new Error(`a recording is already running (${this.recording?.session.id ?? 'starting'})`);
    this.recordingStarting = true;
    try {
      const sources = this.companion ? [this.session, this.companion] : [this.session];
      this.recording = await AcquisitionRecording.start(sources, options, (status) => this.post({ type: 'record-status', status }));
    } finally {
      this.recordingStarting = false;
    }
    return this.recording.session;
  }

  private async stopRecording() {
    const recording = this.recording;
    if (!recording) throw new Error('no recording is running');
    this.recording = null;
    const session = await recording.stop();
    this.post({ type: 'record-status', status: recording.status });
    return session;
  }

  /** The acquisition session that owns `streamId`: the companion's for its streams, the headset's otherwise. */
  private sessionOf(streamId: string): AcquisitionSession {
    return this.companion?.timeline(streamId) ? this.companion : this.session!;
  }

  /**
   * A companion joins the headset: its streams get their own timelines on the same host clock, and join
   * the recordings started from now on. Not while recording: a stored session's streams are fixed when it starts.
   */
  private startCompanion(setup: import('./acquisition.protocol.ts').DeviceSetup) {
    if (!this.session) throw new Error('connect a headset before adding a companion device');
    if (this.companion) throw new Error(`a ${this.companion.descriptor.name} is already connected; remove it first`);
    if (this.recording || this.recordingStarting) throw new Error('stop the recording first: a session keeps the streams it started with');
    this.companion = createCompanion(this.session.sessionId, setup, this.session.descriptor, {
      onGap: (gap) => {
        this.recording?.addGap(gap);
        this.post({ type: 'gap', gap });
      },
      onEvent: (event) => this.post({ type: 'companion-event', event }),
      onReading: (reading) => this.post({ type: 'companion-reading', reading }),
    });
    return this.companion.descriptor;
  }

  /** The companion is removed: its streams end here; a running recording keeps what they had. */
  private stopCompanion(): void {
    const companion = this.companion;
    if (!companion) return;
    this.recording?.detach(companion);
    for (const [id, reader] of this.readers) if (companion.timeline(reader.streamId)) this.readers.delete(id);
    this.companion = null;
    this.postStats();
  }

  private start(sessionId: string, setup: import('./acquisition.protocol.ts').DeviceSetup): void {
    this.stop(false);
    this.pipeline = createDevicePipeline(setup);
    this.session = new AcquisitionSession(sessionId, this.pipeline.descriptor, this.pipeline.decoder, {
      onGap: (gap) => {
        this.recording?.addGap(gap);
        this.post({ type: 'gap', gap });
      },
      onEvent: (event) => this.post({ type: 'device-event', event }),
    });
    this.post({ type: 'started', sessionId, descriptor: this.pipeline.descriptor });
    this.timers.push(setInterval(() => this.postStats(), STATS_INTERVAL_MS));
    if (setup.kind === 'synthetic') this.runSynthetic(setup.synthetic ?? {});
    if (setup.kind === 'playback') this.runPlayback(setup.playback!);
  }

  private runSynthetic(options: NonNullable<import('./acquisition.protocol.ts').DeviceSetup['synthetic']>): void {
    const source = new SyntheticSource(options, this.now());
    this.synthetic = source;
    this.setState('streaming');
    const tick = () => {
      if (this.synthetic !== source) return; // stopped or replaced
      source.advanceTo(this.now(), (p) => this.session?.ingest(p.source, p.bytes, p.arrivalMs));
      const waitMs = Math.min(SYNTHETIC_MAX_WAIT_MS, Math.ceil(Math.max(0, source.nextPacketDueMs() - this.now())));
      if (waitMs >= NESTED_TIMER_CLAMP_MS) this.syntheticTimer = setTimeout(tick, waitMs);
      // A timer set from a timer, five deep, waits at least 4 ms: a short wait is set from a message
      // task instead, which starts a new chain.
      else hop.postMessage(waitMs);
    };
    const channel = new MessageChannel();
    this.syntheticHop = channel;
    const hop = channel.port2;
    channel.port1.onmessage = ({ data }: MessageEvent<number>) => {
      if (this.synthetic === source) this.syntheticTimer = setTimeout(tick, data);
    };
    tick();
  }

  private runPlayback(playback: NonNullable<import('./acquisition.protocol.ts').DeviceSetup['playback']>): void {
    const { streams } = playbackDescriptor(playback.recording);
    const speed = playback.speed ?? 1;
    const startMs = this.now();
    this.setState('streaming');
    const timer = setInterval(() => {
      const now = this.now();
      const done = advancePlayback(playback.recording, streams, (now - startMs) * speed, (streamId, bytes) =>
        this.session?.ingest(streamId, bytes, now),
      );
      if (done) {
        clearInterval(timer);
        this.postStats();
        this.setState('stopped', 'end of recording');
      }
    }, SOURCE_TICK_MS);
    this.timers.push(timer);
  }

  private setState(state: ConnectionState, detail?: string): void {
    if (state === 'reconnecting' && this.state !== 'reconnecting') this.session?.markDisconnected();
    this.state = state;
    this.post(detail === undefined ? { type: 'state', state } : { type: 'state', state, detail });
  }

  private postStats(): void {
    if (this.session)
      this.post({
        type: 'stats',
        streams: [...this.session.streamStats(), ...(this.companion?.streamStats() ?? [])],
        decode: this.session.decodeStats(),
        ...(this.companion && { companionDecode: this.companion.decodeStats() }),
      });
    if (this.recording) this.post({ type: 'record-status', status: this.recording.status });
  }

  /**
   * Stops sources and timers; the rings stay readable by their consumers. A recording still running
   * is sealed and written first: 'stopped' is posted once it is on disk.
   */
  stop(announce = true): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    clearTimeout(this.syntheticTimer);
    this.syntheticHop?.port1.close();
    this.syntheticHop?.port2.close();
    this.syntheticHop = undefined;
    const recording = this.recording;
    this.recording = null;
    const written = recording
      ? recording.stop().then(
          () => undefined,
          (error: Error) => this.post({ type: 'error', code: 'internal', message: `recording not closed: ${error.message}` }),
        )
      : null;
    if (this.session && announce) {
      this.postStats();
      this.setState('stopped');
      if (written) void written.then(() => this.post({ type: 'stopped' }));
      else this.post({ type: 'stopped' });
    }
    this.synthetic = null;
    this.companion = null;
    this.readers.clear();
  }
}
