// Muse S Athena over Web Bluetooth (main thread only): the part of the Muse transport that differs for
// the Athena. Moves bytes, decodes nothing. Subscribes control (273e0001), DATA_1 (273e0013) and, where
// the firmware makes it notify-capable, DATA_2 (273e0014, never seen carrying data), then sends the start
// sequence. Keep-alive, stall watchdog and reconnect are the Muse transport's, shared with the Muse 2.
import { forwardNotifications } from '../ble-link.main.ts';
import type { TransportSink } from '../transport.ts';
import { ATHENA_DATA_1, ATHENA_DATA_2, athenaStartCommands, type AthenaPresetId } from './descriptor.ts';

export interface AthenaStartOptions {
  service: BluetoothRemoteGATTService;
  sink: TransportSink;
  preset: AthenaPresetId;
  write: (command: string) => Promise<void>;
  /** Called on every data notification (liveness for the stall watchdog). */
  touch: () => void;
}

/** Subscribes the Athena's data characteristics and starts streaming `preset`. */
export async function startAthena(o: AthenaStartOptions): Promise<void> {
  const data = await o.service.getCharacteristic(ATHENA_DATA_1);
  await forwardNotifications(data, o.sink, o.touch);
  // Some firmware/OS combinations expose 0014 without notify (brainflow #835): never fail on it.
  const second = await o.service.getCharacteristic(ATHENA_DATA_2).catch(() => null);
  if (second && second.properties?.notify !== false) await forwardNotifications(second, o.sink, o.touch).catch(() => {});
  for (const [command, pauseMs] of athenaStartCommands(o.preset)) {
    await o.write(command);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
