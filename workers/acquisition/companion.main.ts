// Main-thread half of a companion device (companion-device.ts has the why): a heart-rate strap added to
// a connected headset. Its transport forwards bytes to the headset's acquisition worker as
// 'companion-bytes'; its link drops reconnect with back-off on their own, and tell the worker only
// about the companion's link, so the gap lands on its streams and the headset streams on.
import type { ConnectionState, DeviceDescriptor, DeviceKind } from '../protocol/streams.ts';
import type { DeviceEvent } from '../devices/decoded.ts';
import type { DeviceTransport } from '../devices/transport.ts';
import type { DeviceSetup, ToWorker } from './acquisition.protocol.ts';
import type { CompanionReading } from './companion-device.ts';
import type { CompanionHandle, CompanionOptions } from './device-handle.ts';
import { reconnectWithBackoff } from './reconnect.ts';

type Listener<T extends unknown[]> = (...args: T) => void;
function emitter<T extends unknown[]>() {
  const set = new Set<Listener<T>>();
  return { add: (l: Listener<T>) => (set.add(l), () => void set.delete(l)), emit: (...args: T) => set.forEach((l) => l(...args)) };
}

/** What the headset's bridge lends the companion: its worker, and the companion's worker events. */
export interface CompanionBridge {
  post(message: ToWorker, transfer?: Transferable[]): void;
  /** A request to the worker, answered by its 'reply' (the bridge numbers it). */
  request<T>(message: { type: 'companion-start'; setup: DeviceSetup } | { type: 'companion-stop' }): Promise<T>;
  /** Subscribes to the worker's companion readings and events; returns the unsubscribe. */
  listen(onReading: (reading: CompanionReading) => void, onEvent: (event: DeviceEvent) => void): () => void;
}

async function loadCompanionTransport(kind: DeviceKind, options: CompanionOptions): Promise<DeviceTransport> {
  if (options.transport) return options.transport;
  if (kind !== 'heart-rate-strap') throw new Error(`a ${kind} cannot join a headset; companions: heart-rate-strap`);
  return (await import('../devices/heart-rate-strap/transport.main.ts')).createHeartRateStrapTransport({ device: options.bluetoothDevice });
}

/**
 * Connects the companion (the browser's chooser for a strap: call from a click handler) and adds its
 * streams to the worker's session. Rejects with the worker's reason (no headset, recording running).
 * @example const strap = await connectCompanion(bridge, 'heart-rate-strap', {}, onRemoved);
 */
export async function connectCompanion(
  bridge: CompanionBridge,
  kind: DeviceKind,
  options: CompanionOptions,
  onRemoved: () => void,
): Promise<CompanionHandle> {
  const transport = await loadCompanionTransport(kind, options);
  const states = emitter<[ConnectionState, string | undefined]>();
  const readings = emitter<[CompanionReading]>();
  const events = emitter<[DeviceEvent]>();
  const abort = new AbortController();
  let state: ConnectionState = 'connecting';
  let removed = false;
  let lastTelemetry: DeviceEvent | null = null;
  const setState = (next: ConnectionState, detail?: string) => {
    state = next;
    bridge.post({ type: 'companion-link-state', state: next });
    states.emit(next, detail);
  };
  // Bytes that arrive before the worker has the companion's session are held, then forwarded in order.
  let pending: Extract<ToWorker, { type: 'companion-bytes' }>[] | null = [];
  const forward = (m: Extract<ToWorker, { type: 'companion-bytes' }>) => (pending ? pending.push(m) : bridge.post(m, [m.bytes]));

  async function onDropped(reason: string): Promise<void> {
    if (removed || state === 'reconnecting') return;
    setState('reconnecting', reason);
    const ok = await reconnectWithBackoff(
      () => transport.reopen(),
      options.reconnect,
      abort.signal,
      (error, n) => states.emit('reconnecting', `attempt ${n + 1} failed: ${error instanceof Error ? error.message : error}`),
    );
    if (removed) return;
    if (ok) setState('streaming');
    else setState('lost', `could not reconnect after: ${reason}`);
  }

  await transport.open({
    bytes: (source, bytes, arrivalMs) => forward({ type: 'companion-bytes', source, bytes, arrivalMs }),
    dropped: (reason) => void onDropped(reason),
  });
  let descriptor: DeviceDescriptor;
  try {
    descriptor = await bridge.request<DeviceDescriptor>({ type: 'companion-start', setup: { kind } });
  } catch (error) {
    await transport.close().catch(() => {});
    throw error;
  }
  const unlisten = bridge.listen(
    (reading) => readings.emit(reading),
    (event) => {
      if (event.type === 'telemetry') lastTelemetry = event;
      events.emit(event);
    },
  );
  for (const m of pending) bridge.post(m, [m.bytes]);
  pending = null;
  setState('streaming');

  return {
    kind,
    descriptor,
    streams: descriptor.streams,
    name: transport.detected?.deviceName || descriptor.name,
    state: () => state,
    onState: (l) => states.add((s, d) => l(s, d)),
    onReading: (l) => readings.add(l),
    onDeviceEvent: (l) => {
      if (lastTelemetry) l(lastTelemetry);
      return events.add(l);
    },
    async remove() {
      if (removed) return;
      removed = true;
      abort.abort();
      await transport.close().catch(() => {});
      await bridge.request({ type: 'companion-stop' }).catch(() => {});
      unlisten();
      state = 'stopped';
      states.emit('stopped', undefined);
      onRemoved();
    },
  };
}
