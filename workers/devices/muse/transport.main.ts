// Muse over Web Bluetooth (main thread only). Moves bytes, decodes nothing. Start = h, preset, s, d;
// keep-alive `k` every 10 s (prevents the silent stall after ~10 min); a liveness watchdog re-sends `d`
// after 3 s of silence and drops the link after 6 s so the bridge reconnects.
import { forwardNotifications, requireBluetooth, startStallWatchdog } from '../ble-link.main.ts';
import { hostNowMs, type DeviceTransport, type TransportSink } from '../transport.ts';
import { encodeMuseCommand } from './decode.ts';
import {
  MUSE_ACCEL,
  MUSE_ATHENA_DATA,
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

export const MUSE_ATHENA_REFUSAL =
  'This headset is a Muse S Athena (MS-03). It streams a different, multiplexed protocol that Clisonix does not decode yet; use a Muse 2016, Muse 2 or Muse S (Gen 1-2).';

export interface MuseTransportOptions {
  preset: MusePreset;
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

  const write = (command: string) => control!.writeValueWithoutResponse(encodeMuseCommand(command));
  const clearTimers = () => {
    stopTimers.forEach((s) => s());
    stopTimers = [];
  };

  async function connectAndStart(): Promise<void> {
    const server = await device!.gatt!.connect();
    const service = await server.getPrimaryService(MUSE_SERVICE);
    const isAthena = await service.getCharacteristic(MUSE_ATHENA_DATA).then(
      () => true,
      () => false,
    );
    if (isAthena) {
      server.disconnect();
      throw new Error(MUSE_ATHENA_REFUSAL);
    }
    control = await service.getCharacteristic(MUSE_CONTROL);
    const touch = () => (lastDataMs = hostNowMs());
    await forwardNotifications(control, sink, () => {});
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
    lastDataMs = hostNowMs();
    const keepAlive = setInterval(() => void write('k').catch(() => {}), o.keepAliveMs ?? MUSE_KEEPALIVE_INTERVAL_MS);
    stopTimers.push(() => clearInterval(keepAlive));
    stopTimers.push(
      startStallWatchdog(
        () => lastDataMs,
        () => void write('d').catch(() => {}),
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
