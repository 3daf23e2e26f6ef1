// What Settings may store: each value a user types is checked here before it is saved, and a
// stored value that fails (saved by an older version, or edited by hand) is not used. The reasons
// are written for the person who typed the value, beside the field.
import type { BandName } from '../../../dsp-wasm/src/analysis-types.ts';
import type { StudioSettings } from './settings.ts';
import { listeningCheckProblem } from '../features/listen/listening-check.ts';

/** Highest band edge or band-pass edge accepted (Hz): above any EEG rate's useful range here. */
export const MAX_EDGE_HZ = 200;

/** Why the band [lowHz, highHz] cannot be used, or null when it can. */
export function bandProblem(name: string, [lowHz, highHz]: readonly [number, number]): string | null {
  if (!Number.isFinite(lowHz) || !Number.isFinite(highHz)) return `${name}: both edges must be numbers in Hz.`;
  if (lowHz < 0) return `${name}: the low edge cannot be below 0 Hz.`;
  if (highHz > MAX_EDGE_HZ) return `${name}: the high edge must be at most ${MAX_EDGE_HZ} Hz.`;
  if (lowHz >= highHz) return `${name}: the low edge (${lowHz} Hz) must be below the high edge (${highHz} Hz).`;
  return null;
}

/** Why the Live band-pass [lowHz, highHz] cannot be used, or null. */
export function bandpassProblem(lowHz: number, highHz: number): string | null {
  if (!Number.isFinite(lowHz) || !Number.isFinite(highHz)) return 'Band-pass: both edges must be numbers in Hz.';
  if (lowHz <= 0) return 'Band-pass: the low edge must be above 0 Hz (0 Hz would pass the offset).';
  if (highHz > MAX_EDGE_HZ) return `Band-pass: the high edge must be at most ${MAX_EDGE_HZ} Hz.`;
  if (lowHz >= highHz) return `Band-pass: the low edge (${lowHz} Hz) must be below the high edge (${highHz} Hz).`;
  return null;
}

/** Problems of a whole settings object, by field ('bands.gamma', 'bandpass', 'windowSec', ...). */
export function settingsProblems(s: StudioSettings): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const [band, edges] of Object.entries(s.bands ?? {}) as [BandName, [number, number]][]) {
    const problem = Array.isArray(edges) && edges.length === 2 ? bandProblem(band, edges) : `${band}: needs a low and a high edge.`;
    if (problem) problems[`bands.${band}`] = problem;
  }
  const bandpass = bandpassProblem(s.bandpassLowHz, s.bandpassHighHz);
  if (bandpass) problems.bandpass = bandpass;
  if (s.mainsHz !== 50 && s.mainsHz !== 60) problems.mainsHz = 'Mains frequency must be 50 or 60 Hz.';
  if (!(s.windowSec >= 1 && s.windowSec <= 60)) problems.windowSec = 'The time window must be 1-60 s.';
  const listening = listeningCheckProblem(s.listening ?? null);
  if (listening) problems.listening = listening;
  return problems;
}

/** `stored` with every field that fails its check replaced by the default (used when settings load). */
export function usableSettings(stored: StudioSettings, defaults: StudioSettings): StudioSettings {
  const problems = settingsProblems(stored);
  const out: StudioSettings = { ...stored, bands: { ...defaults.bands, ...stored.bands } };
  for (const field of Object.keys(problems)) {
    if (field.startsWith('bands.')) {
      const band = field.slice(6) as BandName;
      out.bands = { ...out.bands, [band]: defaults.bands[band] };
    } else if (field === 'bandpass') {
      out.bandpassLowHz = defaults.bandpassLowHz;
      out.bandpassHighHz = defaults.bandpassHighHz;
    } else (out as unknown as Record<string, unknown>)[field] = (defaults as unknown as Record<string, unknown>)[field];
  }
  return out;
}
