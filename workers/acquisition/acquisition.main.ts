/**
 * Main-thread bridge to the acquisition worker: the ONE API the studio uses to read a headset.
 *
 *   const device = await connectDevice('synthetic', { synthetic: { channelCount: 8, sampleRateHz: 256 } });
 *   device.streams            // [{ id: 'eeg', labels: [...], units: ['uV', ...], sampleRateHz: 256, kind: 'eeg' }]
 *   device.state()            // 'connecting' | 'streaming' | 'reconnecting' | 'lost' | 'stopped'
 *   device.onState((state, detail) => ...)        // returns an unsubscribe function
 *   const eeg = device.openReader('eeg')          // SPSC ring (SAB) or MessagePort fallback, same surface
 *   eeg.drain()               // Float64Array of frames: | sampleIndex | hostTimeMs | ch0 | ch1 | ... |
 *   device.onGap((gap) => ...)                    // { streamId, startSample, lengthSamples, startHostTimeMs, cause }
 *   device.stats()            // { streams: [{ samples, gaps, lostSamples, measuredRateHz, duplicates }], decode: {...} }
 *   device.onStats(cb), device.onDeviceEvent(cb)  // telemetry (battery), device info, messages, packet loss, decode problems
 *   await device.sendCommand('x1060110X')         // device text command (Cyton gain changes are tracked)
 *   const rec = await device.startRecording({ deviceName: 'Muse-1324' })  // every stream into IndexedDB, in the worker
 *   await rec.addMarker('eyes closed', 'key', performance.timeOrigin + event.timeStamp)   // on the EEG timeline
 *   await rec.stop()          // sealed, on disk, session complete
 *   const strap = await device.addCompanion('heart-rate-strap')  // its 'hr' and 'rr' streams join this session
 *   strap.onReading((r) => ...)                  // { streamId: 'hr', sample, hostTimeMs, values: [62] }
 *   await strap.remove()
 *   await device.disconnect()
 *
 * Kinds: 'muse' | 'ganglion' (Web Bluetooth: call from a click handler), 'cyton' | 'cyton-daisy'
 * (Web Serial: asks for the port, or pass `serialPort`), 'synthetic' (demo headset, runs in the worker),
 * 'playback' (a Recording from workers/formats/recording.ts at `speed` x real time).
 * Sample index is the device counter (truth; a gap shows as a jump), hostTimeMs the drift/jitter-free
 * fitted host time (epoch ms). A dropped link reconnects by itself with back-off; same session id,
 * one 'disconnect' gap. Bad device bytes are counted in stats().decode, never thrown.
 */
import type { DeviceSetup, FromWorker, ToWorker } from './acquisition.protocol.ts';
import type { ConnectionState, DecodeStats, DeviceDescriptor, DeviceKind, GapRecord, Stream, StreamStats } from '../protocol/streams.ts';
import type { DeviceEvent } from '../devices/decoded.ts';
import type { DeviceTransport } from '../devices/transport.ts';
import { reconnectWithBackoff } from './reconnect.ts';
import { gainsSetBy } from '../devices/cyton/commands.ts';
import type { CompanionHandle, ConnectOptions, DeviceHandle, RecordingHandle } from './device-handle.ts';
import type { CompanionReading } from './companion-device.ts';
import { connectCompanion } from './companion.main.ts';
import type { RecorderStatus } from '../storage/recorder.ts';
import type { StoredMarker, StoredSession } from '../storage/types.ts';
import { canShareMemory, openStreamEndpoint, openStreamReader } from './stream-reader.main.ts';
import { createRequestBridge } from '../bridge/request-bridge.ts';
import type { AlphaChange } from '../devices/synthetic/eeg-model.ts';

/** The page's hook to the synthetic headset connected last (see the end of connectDevice). */
const steerHook = globalThis as { clisonixSynthetic?: { handle: DeviceHandle; steer(pageMs: number, change: AlphaChange): void } };

export type { SampleReader } from '../ring/port-ring.ts';
export type { ConnectionState, DeviceKind, GapRecord, Stream, StreamStats, DecodeStats } from '../protocol/streams.ts';
export type { CompanionHandle, ConnectOptions, DeviceHandle, RecordingHandle, StreamReader } from './device-handle.ts';

type Listener<T extends unknown[]> = (...args: T) => void;
function emitter<T extends unknown[]>() {
  const set = new Set<Listener<T>>();
  return { add: (l: Listener<T>) => (set.add(l), () => void set.delete(l)), emit: (...args: T) => set.forEach((l) => l(...args)) };
}

async function loadTransport(kind: DeviceKind, options: ConnectOptions): Promise<DeviceTransport | null> {
  if (options.transport) return options.transport;
  switch (kind) {
    case 'muse':
      return (await import('../devices/muse/transport.main.ts')).createMuseTransport({
        preset: options.musePreset ?? 'p21',
        athenaPreset: options.athenaPreset,
        device: options.bluetoothDevice,
        ...options.museTiming,
      });
    case 'ganglion':
      return (await import('../devices/ganglion/transport.main.ts')).createGanglionTransport({ device: options.bluetoothDevice });
    case 'heart-rate-strap':
      return (await import('../devices/heart-rate-strap/transport.main.ts')).createHeartRateStrapTransport({ device: options.bluetoothDevice });
    case 'cyton':
    case 'cyton-daisy':
      return (await import('../devices/cyton/transport.main.ts')).createCytonTransport({
        daisy: kind === 'cyton-daisy',
        port: options.serialPort,
        setupCommands: options.setupCommands,
      });
    default:
      return null; // synthetic and playback run inside the worker
  }
}

type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;

const newSessionId = (): string => globalThis.crypto?.randomUUID?.() ?? `s-${Date.now()}-${Math.random().toString(16).slice(2)}`;

/**
 * Connects a device and starts a session. Resolves once the device streams (or rejects with a clear
 * Error: no Web Bluetooth, chooser cancelled, a Muse without the characteristics of its preset, bad options).
 * @example const device = await connectDevice('synthetic', { synthetic: { seed: 1 } });
 */
export async function connectDevice(kind: DeviceKind, options: ConnectOptions = {}): Promise<DeviceHandle> {
  const sessionId = newSessionId();
  const transport = await loadTransport(kind, options);
  const worker = options.createWorker?.() ?? new Worker(new URL('./acquisition.worker.ts', import.meta.url), { type: 'module', name: 'acquisition' });
  const post = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  const states = emitter<[ConnectionState, string | undefined]>();
  const gapEvents = emitter<[GapRecord]>();
  const statEvents = emitter<[{ streams: StreamStats[]; decode: DecodeStats }]>();
  const deviceEvents = emitter<[DeviceEvent]>();
  const companionReadings = emitter<[CompanionReading]>();
  const companionEvents = emitter<[DeviceEvent]>();
  let companion: CompanionHandle | null = null;
  const gaps: GapRecord[] = [];
  let state: ConnectionState = 'connecting';
  let lastStats: { streams: StreamStats[]; decode: DecodeStats } | null = null;
  let closing = false;
  const abort = new AbortController();
  const setState = (next: ConnectionState, detail?: string, tellWorker = true) => {
    state = next;
    if (tellWorker) post({ type: 'link-state', state: next });
    states.emit(next, detail);
  };

  let resolveStarted!: (d: DeviceDescriptor) => void;
  let rejectStarted!: (e: Error) => void;
  const started = new Promise<DeviceDescriptor>((res, rej) => ((resolveStarted = res), (rejectStarted = rej)));
  const recordStatus = emitter<[RecorderStatus]>();
  let recording: RecordingHandle | null = null;
  // Requests (recording, markers) are answered with a 'reply'; everything else is an event.
  const bridge = createRequestBridge<FromWorker>(worker, { name: 'acquisition worker', timeoutMs: 30_000, onEvent: onWorkerEvent });
  const request = <T>(message: DistributiveOmit<Extract<ToWorker, { requestId: number }>, 'requestId'>, timeoutMs?: number): Promise<T> =>
    bridge.request<T>(message, { timeoutMs });

  function onWorkerEvent(m: FromWorker): void {
    if (m.type === 'record-status') recordStatus.emit(m.status);
    else if (m.type === 'started') resolveStarted(m.descriptor);
    else if (m.type === 'state') {
      state = m.state;
      states.emit(m.state, m.detail);
    } else if (m.type === 'gap') {
      gaps.push(m.gap);
      gapEvents.emit(m.gap);
    } else if (m.type === 'stats') {
      lastStats = { streams: m.streams, decode: m.decode };
      statEvents.emit(lastStats);
    } else if (m.type === 'device-event') deviceEvents.emit(m.event);
    else if (m.type === 'companion-reading') companionReadings.emit(m.reading);
    else if (m.type === 'companion-event') companionEvents.emit(m.event);
    else if (m.type === 'error') {
      rejectStarted(new Error(m.message));
      console.warn(`acquisition worker: ${m.message}`);
    }
  }
  worker.onerror = (e) => rejectStarted(new Error(`acquisition worker failed to load: ${e.message}`));

  // Bytes that arrive before the worker session exists are held, then forwarded in order.
  let pending: ToWorker[] | null = [];
  const forward = (m: ToWorker, transfer: Transferable[]) => (pending ? pending.push(m) : post(m, transfer));
  states.emit('connecting', undefined);
  if (transport) {
    try {
      await transport.open({
        bytes: (source, bytes, arrivalMs) => forward({ type: 'bytes', source, bytes, arrivalMs }, [bytes]),
        dropped: (reason) => void onDropped(reason),
      });
    } catch (error) {
      worker.terminate();
      throw error instanceof Error ? error : new Error(String(error));
    }
  }
  const setup: DeviceSetup = {
    kind,
    musePreset: options.musePreset,
    museModel: transport?.detected?.museModel,
    athenaPreset: options.athenaPreset,
    ganglionFirmware: options.ganglionFirmware ?? transport?.detected?.ganglionFirmware,
    synthetic: options.synthetic,
    playback: options.playback,
    ...(options.channelNames ? { channelNames: options.channelNames } : {}),
  };
  post({ type: 'start', sessionId, setup });
  let descriptor: DeviceDescriptor;
  try {
    descriptor = await started;
  } catch (error) {
    await transport?.close().catch(() => {});
    worker.terminate();
    throw error;
  }
  for (const [channel, gain] of (options.setupCommands ?? []).flatMap(gainsSetBy)) post({ type: 'set-gain', channel, gain });
  for (const m of pending) post(m, m.type === 'bytes' ? [m.bytes] : []);
  pending = null;
  if (transport) setState('streaming');

  async function onDropped(reason: string): Promise<void> {
    if (closing || state === 'reconnecting') return;
    setState('reconnecting', reason);
    const ok = await reconnectWithBackoff(
      () => transport!.reopen(),
      options.reconnect,
      abort.signal,
      (error, n) => states.emit('reconnecting', `attempt ${n + 1} failed: ${error instanceof Error ? error.message : error}`),
    );
    if (closing) return;
    if (ok) setState('streaming');
    else setState('lost', `could not reconnect after: ${reason}`);
  }

  const sharedMemory = canShareMemory();
  let readerCount = 0;
  const streamById = (streamId: string): Stream => {
    const all = [...descriptor.streams, ...(companion?.streams ?? [])];
    const stream = all.find((s) => s.id === streamId);
    if (!stream) throw new Error(`no stream "${streamId}"; this device has: ${all.map((s) => s.id).join(', ')}`);
    return stream;
  };
  /** Readers hold 30 s of samples unless asked otherwise. */
  const defaultCapacity = (stream: Stream) => Math.ceil(stream.sampleRateHz * 30);

  const handle: DeviceHandle = {
    sessionId,
    kind,
    descriptor,
    streams: descriptor.streams,
    sharedMemory,
    state: () => state,
    onState: (l) => states.add((s, d) => l(s, d)),
    gaps,
    onGap: (l) => gapEvents.add(l),
    stats: () => lastStats,
    onStats: (l) => statEvents.add(l),
    onDeviceEvent: (l) => deviceEvents.add(l),
    openReader(streamId, o = {}) {
      const stream = streamById(streamId);
      return openStreamReader(post, stream, `r${++readerCount}`, o.capacityFrames ?? defaultCapacity(stream), sharedMemory);
    },
    openReaderEndpoint(streamId, o = {}) {
      const stream = streamById(streamId);
      return openStreamEndpoint(post, stream, `r${++readerCount}`, o.capacityFrames ?? defaultCapacity(stream), sharedMemory);
    },
    async sendCommand(command) {
      if (!transport) throw new Error(`${kind} takes no device commands`);
      await transport.send(command);
      for (const [channel, gain] of gainsSetBy(command)) post({ type: 'set-gain', channel, gain });
    },
    async startRecording(recordingOptions) {
      const session = await request<StoredSession>({ type: 'record-start', options: recordingOptions });
      let status: RecorderStatus = {
        sessionId: session.id,
        durableSamples: {},
        durableEndSample: {},
        receivedSamples: {},
        unsavedChunks: 0,
        storageFull: false,
      };
      const stopStatus = recordStatus.add((next) => next.sessionId === session.id && (status = next));
      const handleOfRecording: RecordingHandle = {
        session,
        get status() {
          return status;
        },
        onStatus: (listener) => recordStatus.add((next) => next.sessionId === session.id && listener(next)),
        addMarker: (text, source, hostTimeMs = performance.timeOrigin + performance.now()) =>
          request<StoredMarker>({ type: 'marker', text, source, hostTimeMs }),
        async stop() {
          // No time limit: the stop waits until every sealed chunk is on disk, through storage-full retries.
          const completed = await request<StoredSession>({ type: 'record-stop' }, Number.POSITIVE_INFINITY);
          stopStatus();
          if (recording === handleOfRecording) recording = null;
          return completed;
        },
      };
      recording = handleOfRecording;
      return handleOfRecording;
    },
    recording: () => recording,
    simulateDisconnect(durationMs) {
      if (kind !== 'synthetic') throw new Error('simulateDisconnect is for the synthetic headset');
      post({ type: 'simulate-disconnect', durationMs });
    },
    steerSynthetic(hostTimeMs, change) {
      if (kind !== 'synthetic') throw new Error('steerSynthetic is for the synthetic headset');
      post({ type: 'steer-synthetic', hostTimeMs, change });
    },
    async addCompanion(companionKind, companionOptions = {}) {
      if (companion) throw new Error(`${companion.name} is already connected; remove it first`);
      const added = await connectCompanion(
        {
          post,
          request: (message) => request(message),
          listen: (onReading, onEvent) => {
            const stopReadings = companionReadings.add(onReading);
            const stopEvents = companionEvents.add(onEvent);
            return () => (stopReadings(), stopEvents());
          },
        },
        companionKind,
        companionOptions,
        () => companion === added && (companion = null),
      );
      companion = added;
      return added;
    },
    companion: () => companion,
    async disconnect() {
      // A recording is sealed and on disk before the device goes.
      if (recording) await recording.stop().catch((error: Error) => console.warn(`recording not closed: ${error.message}`));
      await companion?.remove();
      closing = true;
      abort.abort();
      await transport?.close().catch(() => {});
      const stopped = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        worker.addEventListener('message', (e: MessageEvent<FromWorker>) => e.data.type === 'stopped' && (clearTimeout(timer), resolve()));
      });
      post({ type: 'stop' });
      await stopped;
      worker.terminate();
      if (steerHook.clisonixSynthetic?.handle === handle) delete steerHook.clisonixSynthetic;
    },
  };
  // Latency tests and the loop bench steer the connected synthetic headset from the page, on the page's
  // performance.now() clock (converted to the workers' epoch ms here).
  if (kind === 'synthetic')
    steerHook.clisonixSynthetic = {
      handle,
      steer: (pageMs: number, change: AlphaChange) => handle.steerSynthetic(performance.timeOrigin + pageMs, change),
    };
  return handle;
}
