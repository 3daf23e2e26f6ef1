// /api/v1/me/calibrations against the real app (auth required) and PGlite: an account keeps one
// calibration per headset and target, the newest wins, another account never sees it, and a
// caller without an account is told to sign in.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { account, client, openSecureApi, type SecureApi } from '../../../tests/security/helpers.ts';

let api: SecureApi;
beforeAll(async () => {
  api = await openSecureApi();
});
afterAll(() => api?.close());

const calibration = (madeAtMs: number, zeroAt = 0.21) => ({
  target: 'relaxation',
  zeroAt,
  oneAt: 0.38,
  open: { mean: 0.21, sd: 0.04, frames: 30 },
  closed: { mean: 0.38, sd: 0.05, frames: 30 },
  bands: { open: { alpha: 0.21, theta: 0.18 }, closed: { alpha: 0.38, theta: 0.15 } },
  madeAtMs,
});
const path = (device: string) => `/api/v1/me/calibrations/${encodeURIComponent(device)}/relaxation`;

it('keeps a calibration per device and target with its date, lists it, and lets only a newer one replace it', async () => {
  const user = client(api, (await account(api, 'calm@example.org')).token);
  const made = Date.UTC(2026, 11, 3, 7, 30);
  const put = await user.json('PUT', path('Muse-1324'), { calibration: calibration(made) });
  expect(put.status).toBe(200);
  expect(await put.json()).toEqual({ device: 'Muse-1324', target: 'relaxation', calibration: calibration(made), madeAt: '2026-12-03T07:30:00.000Z' });
  expect((await user.json('PUT', path('Synthetic headset'), { calibration: calibration(made + 1) })).status).toBe(200);

  const older = await user.json('PUT', path('Muse-1324'), { calibration: calibration(made - 60_000, 0.1) });
  expect(older.status).toBe(409);
  expect((await older.json()).server.calibration.zeroAt).toBe(0.21);
  expect((await user.json('PUT', path('Muse-1324'), { calibration: calibration(made + 60_000, 0.25) })).status).toBe(200);

  const listed = (await (await user.get('/api/v1/me/calibrations')).json()).calibrations as Array<{
    device: string;
    calibration: { zeroAt: number };
  }>;
  expect(listed.map((c) => [c.device, c.calibration.zeroAt]).sort()).toEqual([
    ['Muse-1324', 0.25],
    ['Synthetic headset', 0.21],
  ]);
  // Another account sees none of it.
  const other = client(api, (await account(api, 'other@example.org')).token);
  expect(await (await other.get('/api/v1/me/calibrations')).json()).toEqual({ calibrations: [] });
});

it('refuses a bad calibration naming the field, and a caller without an account', async () => {
  const user = client(api, (await account(api, 'bad@example.org')).token);
  const paths = async (body: unknown, at = path('Muse-1324')) => {
    const res = await user.json('PUT', at, body);
    expect(res.status).toBe(400);
    return (await res.json()).errors.map((e: { path: string }) => e.path);
  };
  const { madeAtMs, ...undated } = calibration(1);
  expect(await paths({ calibration: undated })).toEqual(['body.calibration.madeAtMs']);
  expect(await paths({ calibration: { ...calibration(1), zeroAt: 'x' } })).toEqual(['body.calibration.zeroAt']);
  expect(await paths({ calibration: { ...calibration(1), target: 'focus' } })).toEqual(['body.calibration.target']);
  expect((await user.json('PUT', '/api/v1/me/calibrations/Muse/sleep', { calibration: calibration(1) })).status).toBe(400);
  const anonymous = await client(api).get('/api/v1/me/calibrations');
  expect(anonymous.status).toBe(401);
});

it('answers 403 to the local studio without accounts (it keeps calibrations in the browser)', async () => {
  const { openTestApi } = await import('../../testing/backends.ts');
  const local = await openTestApi('pglite');
  try {
    const res = await local.app.request('/api/v1/me/calibrations');
    expect(res.status).toBe(403);
    expect((await res.json()).detail).toBe('Calibrations are kept per account: sign in to keep them on the server.');
  } finally {
    await local.close();
  }
});
