// The connected device's battery level, from its telemetry events (Muse 2/S telemetry, the Athena's
// battery block and status reply). Cleared when the source changes; a fall below LOW_BATTERY_PCT is
// announced once, assertively, until the level recovers.
import { createEffect, createRoot, createSignal, on, onCleanup } from 'solid-js';
import { announce } from './announcer.ts';
import { batteryWords } from './battery-words.ts';
import { source } from './studio.ts';

/** State of charge (%) and when it was reported (performance.now() ms); null if the device reports none. */
export const [battery, setBattery] = createSignal<{ pct: number; atMs: number } | null>(null);

let started = false;

/** Follows the connected source's device events; later calls do nothing. */
export function startBatteryState(): void {
  if (started) return;
  started = true;
  createRoot(() =>
    createEffect(
      on(source, (src) => {
        setBattery(null);
        if (!src?.onDeviceEvent) return;
        let warned = false;
        const stop = src.onDeviceEvent((event) => {
          if (event.type !== 'telemetry') return;
          setBattery({ pct: event.batteryPct, atMs: performance.now() });
          const words = batteryWords(event.batteryPct, src.name);
          if (words?.warning && !warned) announce(words.warning, 'assertive');
          warned = !!words?.low;
        });
        onCleanup(stop);
      }),
    ),
  );
}
