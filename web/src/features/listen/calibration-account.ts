// Cloud mode: the calibrations kept in this browser also live in the signed-in account, when the user
// agreed to sync (a loopback studio has no accounts). Pulled once per sign-in, pushed when one is kept.
import { createEffect, createRoot, on } from 'solid-js';
import { authFetch } from '../../app/auth-session.ts';
import { apiHeaders, settings } from '../../app/settings.ts';
import type { Calibration } from '../../../../workers/audio/neurofeedback.ts';
import { syncPermission } from '../privacy/sync-consent.ts';
import { type AccountEndpoint, pullCalibrations, pushCalibration } from './calibration-sync.ts';

/** The account's endpoint, or null when calibrations must stay in this browser (no sign-in, no consent). */
function accountEndpoint(): AccountEndpoint | null {
  if (syncPermission()?.basis !== 'consent' || !settings().token) return null;
  return { baseUrl: settings().serverUrl, headers: () => apiHeaders(), fetch: authFetch };
}

/** Sends a calibration just kept to the account (when allowed); errors go to `onError`. */
export function saveCalibrationToAccount(device: string, calibration: Calibration, onError: (message: string) => void): void {
  const endpoint = accountEndpoint();
  if (!endpoint) return;
  pushCalibration(endpoint, device, calibration).catch((e: Error) => onError(`The calibration is kept here but not in your account: ${e.message}`));
}

/** Pulls the account's calibrations into localStorage whenever sign-in or consent starts; `onRestored` after a change. */
export function followAccountCalibrations(onRestored: () => void, onError: (message: string) => void): void {
  createRoot(() => {
    createEffect(
      on(accountEndpoint, (endpoint) => {
        if (!endpoint) return;
        pullCalibrations(endpoint, localStorage)
          .then((devices) => devices.length && onRestored())
          .catch((e: Error) => onError(`Calibrations from your account not loaded: ${e.message}`));
      }),
    );
  });
}
