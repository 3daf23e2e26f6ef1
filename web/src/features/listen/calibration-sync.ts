// Calibrations kept per account (cloud mode): a calibration kept in this browser for a headset
// (calibration-store.ts) is also sent to /api/v1/me/calibrations when a signed-in user has agreed to
// sync, and on a new browser the account's calibrations are brought into the local store, each only
// when it is newer than the one kept here. The server keeps the newest per device and target (409
// for an older one, which is not an error here: the newer one comes back with the next pull).
import { calibrationListSchema } from '../../../../api/src/contract/calibrations.ts';
import type { Calibration } from '../../../../workers/audio/neurofeedback.ts';
import { type KeyValueStore, keepCalibration, loadKeptCalibration } from './calibration-store.ts';

export interface AccountEndpoint {
  /** '' for the page's own origin. */
  baseUrl: string;
  headers: () => Record<string, string>;
  fetch?: typeof fetch;
}

const pathOf = (device: string, target: string) => `/api/v1/me/calibrations/${encodeURIComponent(device)}/${target}`;

/** Sends one kept calibration; true when the server keeps it, false when it keeps a newer one. Throws on any other answer. */
export async function pushCalibration(endpoint: AccountEndpoint, device: string, calibration: Calibration): Promise<boolean> {
  const res = await (endpoint.fetch ?? fetch)(`${endpoint.baseUrl}${pathOf(device, calibration.target)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...endpoint.headers() },
    body: JSON.stringify({ calibration }),
  });
  if (res.status === 409) return false;
  if (!res.ok) throw new Error(`calibration of ${device} not saved to the account: HTTP ${res.status}`);
  return true;
}

/**
 * Brings the account's calibrations into `store`; each replaces the local one only when newer.
 * Returns the devices whose calibration came from the account.
 */
export async function pullCalibrations(endpoint: AccountEndpoint, store: KeyValueStore): Promise<string[]> {
  const res = await (endpoint.fetch ?? fetch)(`${endpoint.baseUrl}/api/v1/me/calibrations`, { headers: endpoint.headers() });
  if (!res.ok) throw new Error(`the account's calibrations could not be read: HTTP ${res.status}`);
  const parsed = calibrationListSchema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`the account's calibrations are not in the expected shape: ${parsed.error.issues[0]?.message}`);
  const restored: string[] = [];
  for (const kept of parsed.data.calibrations) {
    const local = loadKeptCalibration(store, kept.device, kept.target);
    if (local && local.calibration.madeAtMs >= kept.calibration.madeAtMs) continue;
    keepCalibration(store, kept.device, kept.calibration);
    restored.push(kept.device);
  }
  return restored;
}
