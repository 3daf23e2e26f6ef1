// How a device's battery level is said, on the status badge and to a screen reader.

/** Below this state of charge (%) the badge warns: about 20-30 minutes are left on a Muse. */
export const LOW_BATTERY_PCT = 15;

export interface BatteryWords {
  /** The badge text, e.g. 'Battery 42 %'. */
  text: string;
  low: boolean;
  /** Said once when the level falls below LOW_BATTERY_PCT; null while it is not low. */
  warning: string | null;
}

/**
 * @example batteryWords(12.4, 'Muse') // { text: 'Battery 12 %', low: true, warning: 'Muse battery low: 12 %. Charge it soon; the recording stops when it runs out.' }
 */
export function batteryWords(pct: number, deviceName: string): BatteryWords | null {
  if (!Number.isFinite(pct)) return null;
  const shown = Math.round(Math.min(100, Math.max(0, pct)));
  const low = pct < LOW_BATTERY_PCT;
  return {
    text: `Battery ${shown} %`,
    low,
    warning: low ? `${deviceName} battery low: ${shown} %. Charge it soon; the recording stops when it runs out.` : null,
  };
}
