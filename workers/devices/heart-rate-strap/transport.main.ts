// Heart-rate strap over Web Bluetooth (main thread only). Moves bytes, decodes nothing: subscribes the
// Heart Rate Measurement characteristic; a strap needs no start command, so a reconnect just subscribes again.
import { forwardNotifications, requireBluetooth, startStallWatchdog } from '../ble-link.main.ts';
import { copyBytes, hostNowMs, type DeviceTransport, type TransportSink } from '../transport.ts';
import { BATTERY_LEVEL, BATTERY_SERVICE, HEART_RATE_MEASUREMENT, HEART_RATE_SERVICE } from './descriptor.ts';

export interface HeartRateStrapTransportOptions {
  device?: BluetoothDevice;
  /** Silence after which the link counts as dropped; a strap notifies about once a second. */
  stallDropMs?: number;
}

export function createHeartRateStrapTransport(o: HeartRateStrapTransportOptions = {}): DeviceTransport {
  let device = o.device;
  let sink: TransportSink;
  let lastDataMs = 0;
  let stopWatchdog = () => {};
  let closing = false;
  const dropAfterMs = o.stallDropMs ?? 10_000;

  async function connectAndStart(): Promise<void> {
    const server = await device!.gatt!.connect();
    const service = await server.getPrimaryService(HEART_RATE_SERVICE);
    await forwardNotifications(await service.getCharacteristic(HEART_RATE_MEASUREMENT), sink, () => (lastDataMs = hostNowMs()));
    lastDataMs = hostNowMs();
    await readBattery(server);
    stopWatchdog = startStallWatchdog(
      () => lastDataMs,
      () => {},
      () => {
        device?.gatt?.disconnect();
        sink.dropped('the strap stopped sending heart rate');
      },
      dropAfterMs,
      dropAfterMs,
    );
  }

  /**
   * The battery level, if the strap has the Battery service: read once (a read's value reaches the same
   * 'characteristicvaluechanged' listener) and followed where it notifies. A strap without it has no battery shown.
   */
  async function readBattery(server: BluetoothRemoteGATTServer): Promise<void> {
    const level = await server
      .getPrimaryService(BATTERY_SERVICE)
      .then((s) => s.getCharacteristic(BATTERY_LEVEL))
      .catch(() => null);
    if (!level) return;
    level.addEventListener('characteristicvaluechanged', () => {
      if (level.value) sink.bytes(level.uuid, copyBytes(level.value), hostNowMs());
    });
    await level.startNotifications().catch(() => {}); // many straps only answer reads
    await level.readValue().catch(() => {});
  }

  return {
    get detected() {
      return { deviceName: device?.name };
    },
    async open(s) {
      sink = s;
      device ??= await requireBluetooth().requestDevice({ filters: [{ services: ['heart_rate'] }], optionalServices: ['battery_service'] });
      device.addEventListener('gattserverdisconnected', () => {
        if (closing) return;
        stopWatchdog();
        sink.dropped('the strap disconnected');
      });
      await connectAndStart();
    },
    async reopen() {
      stopWatchdog();
      await connectAndStart();
    },
    async send() {
      throw new Error('a heart-rate strap takes no commands');
    },
    async close() {
      closing = true;
      stopWatchdog();
      device?.gatt?.disconnect();
    },
  };
}
