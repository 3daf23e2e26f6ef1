// The client side of per-account calibrations, against the real API (app.request as fetch, PGlite,
// a registered account): a calibration pushed from one browser's store is restored into another's,
// and a newer local one is neither replaced nor overwritten on the server.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { account, openSecureApi, type SecureApi } from '../../../../api/tests/security/helpers.ts';
import type { Calibration } from '../../../../workers/audio/neurofeedback.ts';
import { type KeyValueStore, keepCalibration, loadKeptCalibration } from './calibration-store.ts';
import { type AccountEndpoint, pullCalibrations, pushCalibration } from './calibration-sync.ts';

let api: SecureApi;
let endpoint: AccountEndpoint;
beforeAll(async () => {
  api = await openSecureApi();
  const { token } = await account(api, 'sync@example.org');
  endpoint = {
    baseUrl: 'http://studio.test',
    headers: () => ({ authorization: `Bearer ${token}` }),
    fetch: ((url: string, init?: RequestInit) => api.app.request(url, init)) as typeof fetch,
  };
});
afterAll(() => api?.close());

const memoryStore = (): KeyValueStore => {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
};
const made = (madeAtMs: number, zeroAt: number): Calibration => ({ target: 'relaxation', zeroAt, oneAt: 0.4, madeAtMs });

test('a calibration kept on one browser is restored on a new one, with its date', async () => {
  const first = memoryStore();
  // Dated as the worker dates it: performance.timeOrigin + performance.now(), fractional ms.
  keepCalibration(first, 'Muse-1324', made(1_764_000_000_000.25, 0.2));
  expect(await pushCalibration(endpoint, 'Muse-1324', loadKeptCalibration(first, 'Muse-1324', 'relaxation')!.calibration)).toBe(true);
  const second = memoryStore();
  expect(loadKeptCalibration(second, 'Muse-1324', 'relaxation')).toBeNull();
  expect(await pullCalibrations(endpoint, second)).toEqual(['Muse-1324']);
  expect(loadKeptCalibration(second, 'Muse-1324', 'relaxation')).toEqual({ device: 'Muse-1324', calibration: made(1_764_000_000_000.25, 0.2) });
  expect(await pushCalibration(endpoint, 'Muse-1324', made(1_764_000_000_000.25, 0.2))).toBe(true); // the same one again is kept, not a conflict
});

test('a newer calibration kept here stays, and an older one is not pushed over the account', async () => {
  const here = memoryStore();
  keepCalibration(here, 'Muse-1324', made(1_764_000_500_000, 0.3));
  expect(await pullCalibrations(endpoint, here)).toEqual([]);
  expect(loadKeptCalibration(here, 'Muse-1324', 'relaxation')!.calibration.zeroAt).toBe(0.3);
  expect(await pushCalibration(endpoint, 'Muse-1324', made(1_763_000_000_000, 0.1))).toBe(false); // the server keeps its newer one
  const fresh = memoryStore();
  await pullCalibrations(endpoint, fresh);
  expect(loadKeptCalibration(fresh, 'Muse-1324', 'relaxation')!.calibration.zeroAt).toBe(0.2);
});

test('an answer other than kept or newer-kept is an error saying so', async () => {
  const signedOut = { ...endpoint, headers: () => ({}) };
  await expect(pushCalibration(signedOut, 'Muse-1324', made(1, 0.2))).rejects.toThrow('calibration of Muse-1324 not saved to the account: HTTP 401');
  await expect(pullCalibrations(signedOut, memoryStore())).rejects.toThrow("the account's calibrations could not be read: HTTP 401");
});
