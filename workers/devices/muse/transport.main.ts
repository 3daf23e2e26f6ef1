// Muse over Web Bluetooth (main thread only). Moves bytes, decodes nothing. The model is told by its GATT
// table: a Muse S Athena has the multiplexed 273e0013 (and none of the per-sensor characteristics), a
// Muse 2016 / 2 / S gen 1 has those and no 0013. Classic start = h, preset, s, d; Athena start in
// ../muse-athena/transport.main.ts. Both: keep-alive `k` every 10 s (prevents the silent stall after
// ~10 min); a liveness watchdog re-sends the start command (`d` / `dc001`) after 3 s of silence and drops
// the link after 6 s so the bridge reconnects.
import { forwardNotifications, requireBluetooth, startStallWatchdog } from '../ble-link.main.ts';
import { hostNowMs, type DeviceTransport, type TransportSink } from '../transport.ts';
import { encodeMuseCommand } from './decode.ts';
import { startAthena } from '../muse-athena/transport.main.ts';
import { ATHENA_DATA_1, ATHENA_DEFAULT_PRESET, ATHENA_RESUME_COMMAND, type AthenaPresetId } from '../muse-athena/descriptor.ts';
import {
  MUSE_ACCEL,
  MUSE_CONTROL,
  MUSE_EEG,
  MUSE_GYRO,
  MUSE_KEEPALIVE_INTERVAL_MS,
  MUSE_PPG,
  MUSE_SERVICE,
  MUSE_TELEMETRY,
  musePresetHasAux,
  musePresetHasPpg,
  type MusePreset,
} from './descriptor.ts';

export interface MuseTransportOptions {
  /** Preset for a Muse 2016 / 2 / S gen 1. */
  preset: MusePreset;
  /** Preset for a Muse S Athena (default p1041). */
  athenaPreset?: AthenaPresetId;
  device?: BluetoothDevice;
  /** Keep-alive period (ms); default MUSE_KEEPALIVE_INTERVAL_MS. */
  keepAliveMs?: number;
  stallNudgeMs?: number;
  stallDropMs?: number;
}

export function createMuseTransport(o: MuseTransportOptions): DeviceTransport {
  let device: BluetoothDevice | undefined = o.device;
  let sink: TransportSink;
  let control: BluetoothRemoteGATTCharacteristic | null = null;
  let lastDataMs = 0;
  let stopTimers: (() => void)[] = [];
  let closing = false;
  const detected: { museModel?: 'classic' | 'athena' } = {};

  const write = (command: string) => control!.writeValueWithoutResponse(encodeMuseCommand(command));
  const clearTimers = () => {
    stopTimers.forEach((s) => s());
    stopTimers = [];
  };

  async function startClassic(service: BluetoothRemoteGATTService, touch: () => void): Promise<void> {
    const required = [
      ...MUSE_EEG.slice(0, musePresetHasAux(o.preset) ? 5 : 4),
      MUSE_ACCEL,
      MUSE_GYRO,
      ...(musePresetHasPpg(o.preset) ? MUSE_PPG : []),
    ];
    for (const uuid of required) {
      const characteristic = await service.getCharacteristic(uuid).catch(() => {
        const what = MUSE_PPG.includes(uuid) ? 'a PPG sensor (Muse 2016 has none: choose preset p21 or p20)' : `characteristic ${uuid}`;
        throw new Error(`This Muse does not offer ${what}.`);
      });
      await forwardNotifications(characteristic, sink, touch);
    }
    // Telemetry is missing on some never-app-paired Muse 2016 units: optional.
    const telemetry = await service.getCharacteristic(MUSE_TELEMETRY).catch(() => null);
    if (telemetry) await forwardNotifications(telemetry, sink, () => {});
    for (const command of ['h', o.preset, 's', 'd']) await write(command);
  }

  async function connectAndStart(): Promise<void> {
    const server = await device!.gatt!.connect();
    const service = await server.getPrimaryService(MUSE_SERVICE);
    const isAthena = await service.getCharacteristic(ATHENA_DATA_1).then(
      () => true,
      () => false,
    );
    if (detected.museModel && detected.museModel !== (isAthena ? 'athena' : 'classic')) {
      server.disconnect();
      throw new Error('a different Muse answered the reconnection: connect it anew');
    }
    detected.museModel = isAthena ? 'athena' : 'classic';
    control = await service.getCharacteristic(MUSE_CONTROL);
    const touch = () => (lastDataMs = hostNowMs());
    await forwardNotifications(control, sink, () => {});
    if (isAthena) {
      await startAthena({ service, sink, preset: o.athenaPreset ?? ATHENA_DEFAULT_PRESET, write, touch });
    } else {
      await startClassic(service, touch);
    }
    const resume = isAthena ? ATHENA_RESUME_COMMAND : 'd';
    lastDataMs = hostNowMs();
    const keepAlive = setInterval(() => void write('k').catch(() => {}), o.keepAliveMs ?? MUSE_KEEPALIVE_INTERVAL_MS);
    stopTimers.push(() => clearInterval(keepAlive));
    stopTimers.push(
      startStallWatchdog(
        () => lastDataMs,
        () => void write(resume).catch(() => {}),
        () => {
          clearTimers();
          device?.gatt?.disconnect(); // a page-side disconnect fires no event: report the drop ourselves
          sink.dropped('the headset stopped sending data');
        },
        o.stallNudgeMs,
        o.stallDropMs,
      ),
    );
  }

  return {
    detected,
    async open(s) {
      sink = s;
      device ??= await requireBluetooth().requestDevice({ filters: [{ services: [MUSE_SERVICE] }] });
      device.addEventListener('gattserverdisconnected', () => {
        if (closing) return;
        clearTimers();
        sink.dropped('the headset disconnected');
      });
      await connectAndStart();
    },
    async reopen() {
      clearTimers();
      await connectAndStart();
    },
    async send(command) {
      if (!control) throw new Error('Muse is not connected');
      await write(command);
    },
    async close() {
      closing = true;
      clearTimers();
      if (control && device?.gatt?.connected) await write('h').catch(() => {});
      device?.gatt?.disconnect();
    },
  };
}
