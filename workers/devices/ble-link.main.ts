// Shared Web Bluetooth plumbing for the BLE transports: subscribe a characteristic and forward each
// notification's bytes (copied into a transferable buffer) with its arrival time; a data-stall watchdog.
import { copyBytes, hostNowMs, type TransportSink } from './transport.ts';

export function requireBluetooth(): Bluetooth {
  const bluetooth = globalThis.navigator?.bluetooth;
  if (!bluetooth)
    throw new Error(
      'Web Bluetooth is not available in this browser: use Chrome or Edge (on Linux, enable chrome://flags/#enable-web-bluetooth) over https or localhost.',
    );
  return bluetooth;
}

/** Subscribes to notifications; each one goes to the sink as raw bytes. Returns a touch() timestamp getter. */
export async function forwardNotifications(
  characteristic: BluetoothRemoteGATTCharacteristic,
  sink: TransportSink,
  onData: () => void,
): Promise<void> {
  characteristic.addEventListener('characteristicvaluechanged', () => {
    const value = characteristic.value;
    if (!value) return;
    onData();
    sink.bytes(characteristic.uuid, copyBytes(value), hostNowMs());
  });
  await characteristic.startNotifications();
}

/**
 * Watches data liveness: a GATT link can stay "connected" while the headset stops sending
 * (the Muse 10-minute stall). After `nudgeAfterMs` of silence `nudge` runs once; after `dropAfterMs`, `drop`.
 */
export function startStallWatchdog(
  lastDataMs: () => number,
  nudge: () => void,
  drop: () => void,
  nudgeAfterMs = 3000,
  dropAfterMs = 6000,
  now = hostNowMs,
  checkEveryMs = 500,
): () => void {
  let nudged = false;
  const timer = setInterval(() => {
    const silentMs = now() - lastDataMs();
    if (silentMs > dropAfterMs) {
      clearInterval(timer);
      drop();
    } else if (silentMs > nudgeAfterMs && !nudged) {
      nudged = true;
      nudge();
    } else if (silentMs <= nudgeAfterMs) {
      nudged = false;
    }
  }, checkEveryMs);
  return () => clearInterval(timer);
}
