// User settings, kept in localStorage (small, synchronous, needed before the first paint for the theme).
import { createSignal } from 'solid-js';
import type { BandName } from '../../../dsp-wasm/src/analysis-types.ts';
import { usableSettings } from './settings-check.ts';
import type { ListeningCheck } from '../features/listen/listening-check.ts';

export interface StudioSettings {
  /** '' = the server this page came from (local mode); otherwise e.g. https://clisonix.example. */
  serverUrl: string;
  /** Bearer token for cloud mode ('' in local mode). */
  token: string;
  username: string;
  mainsHz: 50 | 60;
  notchEnabled: boolean;
  bandpassEnabled: boolean;
  bandpassLowHz: number;
  bandpassHighHz: number;
  /** Band edges in Hz, inclusive. */
  bands: Record<BandName, [number, number]>;
  units: 'uV' | 'mV';
  theme: 'system' | 'dark' | 'light';
  /** Seconds of signal in the scrolling time series. */
  windowSec: number;
  /** The headphone (left/right) and hearing-level checks before binaural beats; null before either ran or was skipped. */
  listening: ListeningCheck | null;
}

export const defaultSettings: StudioSettings = {
  serverUrl: '',
  token: '',
  username: '',
  mainsHz: 50,
  notchEnabled: true,
  bandpassEnabled: true,
  bandpassLowHz: 1,
  bandpassHighHz: 40,
  bands: { delta: [0.5, 4], theta: [4, 8], alpha: [8, 13], beta: [13, 30], gamma: [30, 45] },
  units: 'uV',
  theme: 'system',
  windowSec: 5,
  listening: null,
};

const KEY = 'clisonix.settings.v1';

function load(): StudioSettings {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    // A stored value that no longer passes its check (an older version saved it) falls back to the default.
    return raw ? usableSettings({ ...defaultSettings, ...JSON.parse(raw) }, defaultSettings) : defaultSettings;
  } catch {
    return defaultSettings;
  }
}

const [settings, setSettingsSignal] = createSignal<StudioSettings>(load());
export { settings };

/** Changes some settings and saves them. */
export function updateSettings(patch: Partial<StudioSettings>): void {
  const next = { ...settings(), ...patch };
  setSettingsSignal(next);
  globalThis.localStorage?.setItem(KEY, JSON.stringify(next));
  document.documentElement.dataset.theme = next.theme;
}

/** Absolute URL of an API path on the configured server. */
export function apiUrl(path: string): string {
  const base = settings().serverUrl.replace(/\/+$/, '');
  return `${base}${path}`;
}

/** Headers for API calls (Authorization in cloud mode). */
export function apiHeaders(extra: Record<string, string> = {}): Record<string, string> {
  const token = settings().token;
  return token ? { ...extra, authorization: `Bearer ${token}` } : extra;
}

/** Scale factor from stored µV to the display unit. */
export function displayScale(): number {
  return settings().units === 'mV' ? 1e-3 : 1;
}
