// Ganglion over Web Bluetooth (main thread only). Moves bytes, decodes nothing. Firmware family comes
// from the Device Information Software Revision (first character '3' -> fw 3, else fw 2; BrainFlow's rule).
// The board resets on every BLE connection, so each (re)connect sends `b` again.
import { forwardNotifications, requireBluetooth, startStallWatchdog } from '../ble-link.main.ts';
import { hostNowMs, type DeviceTransport, type TransportSink } from '../transport.ts';
import { GANGLION_NAME_PREFIX, GANGLION_RECEIVE, GANGLION_SEND, GANGLION_SERVICE, type GanglionFirmware } from './descriptor.ts';

const DEVICE_INFORMATION = 0x180a;
const SOFTWARE_REVISION = 0x2a28;

export interface GanglionTransportOptions {
  device?: BluetoothDevice;
  stallDropMs?: number;
}

export function createGanglionTransport(o: GanglionTransportOptions = {}): DeviceTransport {
  let device = o.device;
  let sink: TransportSink;
  let sendChar: BluetoothRemoteGATTCharacteristic | null = null;
  let lastDataMs = 0;
  let stopWatchdog = () => {};
  let closing = false;
  const detected: { ganglionFirmware?: GanglionFirmware } = {};
  const write = (command: string) => sendChar!.writeValueWithoutResponse(new TextEncoder().encode(command));

  async function connectAndStart(): Promise<void> {
    const server = await device!.gatt!.connect();
    if (detected.ganglionFirmware === undefined) {
      const revision = await server
        .getPrimaryService(DEVICE_INFORMATION)
        .then((s) => s.getCharacteristic(SOFTWARE_REVISION))
        .then((c) => c.readValue())
        .then(
          (v) => String.fromCharCode(v.getUint8(0)),
          () => null,
        );
      detected.ganglionFirmware = revision === null || revision === '3' ? 3 : 2;
    }
    const service = await server.getPrimaryService(GANGLION_SERVICE);
    sendChar = await service.getCharacteristic(GANGLION_SEND);
    await forwardNotifications(await service.getCharacteristic(GANGLION_RECEIVE), sink, () => (lastDataMs = hostNowMs()));
    await write('b');
    lastDataMs = hostNowMs();
    stopWatchdog = startStallWatchdog(
      () => lastDataMs,
      () => void write('b').catch(() => {}),
      () => {
        device?.gatt?.disconnect();
        sink.dropped('the board stopped sending data');
      },
      (o.stallDropMs ?? 6000) / 2,
      o.stallDropMs ?? 6000,
    );
  }

  return {
    detected,
    async open(s) {
      sink = s;
      device ??= await requireBluetooth().requestDevice({
        filters: [{ namePrefix: GANGLION_NAME_PREFIX }],
        optionalServices: [GANGLION_SERVICE, DEVICE_INFORMATION],
      });
      device.addEventListener('gattserverdisconnected', () => {
        if (closing) return;
        stopWatchdog();
        sink.dropped('the board disconnected');
      });
      await connectAndStart();
    },
    async reopen() {
      stopWatchdog();
      await connectAndStart();
    },
    async send(command) {
      if (!sendChar) throw new Error('Ganglion is not connected');
      await write(command);
    },
    async close() {
      closing = true;
      stopWatchdog();
      if (sendChar && device?.gatt?.connected) await write('s').catch(() => {});
      device?.gatt?.disconnect();
    },
  };
}
