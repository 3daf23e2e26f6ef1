// Calibrations kept per device: the eyes-open / eyes-closed baseline is made for one headset (its
// electrodes, its fit), so it is kept under the device's name as the session engine knows it
// ('Synthetic headset', 'Muse-1324') and the training target, with its date, in the page's
// localStorage. The worker is handed a kept one when the person chooses it (set-calibration); a new
// calibration on the same device and target replaces it.
import type { Calibration, TrainingTarget } from '../../../../workers/audio/neurofeedback.ts';

export const KEPT_CALIBRATIONS_KEY = 'clisonix.nf-calibrations.v1';

/** The part of Web Storage used here (localStorage in the page, a Map in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface KeptCalibration {
  device: string;
  calibration: Calibration & { madeAtMs: number };
}

type KeptRecord = Record<string, Partial<Record<TrainingTarget, Calibration & { madeAtMs: number }>>>;

function readAll(store: KeyValueStore): KeptRecord {
  try {
    const parsed = JSON.parse(store.getItem(KEPT_CALIBRATIONS_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as KeptRecord) : {};
  } catch {
    return {}; // a damaged entry is as good as none: the person calibrates again
  }
}

/** The calibration kept for `device` and `target`, or null (also when what is stored is not one). */
export function loadKeptCalibration(store: KeyValueStore, device: string, target: TrainingTarget): KeptCalibration | null {
  const calibration = readAll(store)[device]?.[target];
  if (!calibration || calibration.target !== target || !Number.isFinite(calibration.madeAtMs)) return null;
  if (!Number.isFinite(calibration.zeroAt) || !Number.isFinite(calibration.oneAt)) return null;
  return { device, calibration };
}

/** Keeps `calibration` (it needs its date) for `device`, replacing the one before for its target. */
export function keepCalibration(store: KeyValueStore, device: string, calibration: Calibration): void {
  if (!device) throw new Error('a calibration is kept per device: no device name given');
  if (!Number.isFinite(calibration.madeAtMs)) throw new Error('a kept calibration needs its date (madeAtMs)');
  const all = readAll(store);
  all[device] = { ...all[device], [calibration.target]: calibration as Calibration & { madeAtMs: number } };
  store.setItem(KEPT_CALIBRATIONS_KEY, JSON.stringify(all));
}

/** How old a calibration is, in words: 'just now', '5 minutes ago', 'yesterday', '3 weeks ago'. */
export function describeAge(madeAtMs: number, nowMs: number): string {
  const minutes = Math.max(0, (nowMs - madeAtMs) / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  if (minutes < 1) return 'just now';
  if (minutes < 60) return plural(Math.floor(minutes), 'minute');
  const hours = minutes / 60;
  if (hours < 24) return plural(Math.floor(hours), 'hour');
  const days = Math.floor(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 14) return plural(days, 'day');
  if (days < 60) return plural(Math.floor(days / 7), 'week');
  return plural(Math.floor(days / 30), 'month');
}

/** Past this age the Listen screen suggests calibrating again (electrode fit and habits change). */
export const OLD_CALIBRATION_DAYS = 30;

/** 'Thu 3 Dec 2026, 17:20' in the person's locale. */
export function describeDate(ms: number, locale?: string): string {
  return new Date(ms).toLocaleString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
