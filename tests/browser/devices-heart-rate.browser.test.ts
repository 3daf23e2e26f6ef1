// A Bluetooth heart-rate strap (standard Heart Rate service 0x180D) emulated with CDP BluetoothEmulation,
// read by the app's own transport, worker, decoder and rings in headless Chromium: chooser filtered on the
// service, Heart Rate Measurement notifications decoded to the 'hr' (bpm) and 'rr' (ms) streams, a reading
// without skin contact as a gap (no value), strap drop -> automatic reconnect, same session, readings continue.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { HEART_RATE_MEASUREMENT_UUID } from '../../workers/devices/heart-rate-strap/descriptor.ts';

let fixture: FixtureServer;
let browser: LaunchedBrowser;
beforeAll(async () => {
  fixture = await serveFixturePage('devices-page');
  browser = await launchBrowser({ args: ['--enable-features=WebBluetooth'] });
});
let ble: BleEmulator | null = null;
afterEach(async () => {
  await ble?.stop();
  ble = null;
});
afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

const SERVICE = 0x180d;
/** Flags 0x16: uint8 HR, contact reported and detected, RR present; RR in 1/1024 s, little-endian. */
const measurement = (bpm: number, rrUnits: number[], flags = 0x16) => Uint8Array.from([flags, bpm, ...rrUnits.flatMap((u) => [u & 255, u >> 8])]);

test('heart-rate strap: hr and RR values arrive, no-contact reading is a gap, drop and reconnect keep the session', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  ble = await BleEmulator.start(browser.context, page, 'A0:9E:1A:11:22:33');
  await ble.addPeripheral('Polar H10 1A2B3C4D', [
    {
      uuid: '0000180d-0000-1000-8000-00805f9b34fb',
      characteristics: [{ uuid: HEART_RATE_MEASUREMENT_UUID, properties: { notify: true, read: true } }],
    },
  ]);
  const info = await page.evaluate(() =>
    (window as any).devicesTest.connect('heart-rate-strap', { reconnect: { initialDelayMs: 100, maxAttempts: 20 } }),
  );
  expect(info.state).toBe('streaming');
  expect(info.streams.map((s: { id: string }) => s.id)).toEqual(['hr', 'rr']);

  const sent = [
    measurement(64, [1024]), // 1000 ms
    measurement(66, [1024, 768]), // 1000 ms, 750 ms
    measurement(90, [512], 0x14), // contact reported but not detected: hr sample 2 and rr sample 3 are gaps
    Uint8Array.of(0x11, 0x48), // too short for its flags (uint16 HR): corrupt, skipped
    measurement(70, [878]), // 857.421875 ms
  ];
  for (const bytes of sent) ble.queue(HEART_RATE_MEASUREMENT_UUID, bytes);
  await page.evaluate(([r, s]) => (window as any).devicesTest.injectPaced(s, r, 250), [
    sent.map(() => [HEART_RATE_MEASUREMENT_UUID]),
    SERVICE,
  ] as const);
  await page.waitForTimeout(100);
  const hr: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('hr'));
  const rr: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('rr'));
  expect(hr.map((f) => f[0])).toEqual([0, 1, 3]);
  expect(hr.map((f) => f[2])).toEqual([64, 66, 70]);
  expect(rr.map((f) => f[0])).toEqual([0, 1, 2, 4]);
  expect(rr.map((f) => f[2])).toEqual([1000, 1000, 750, 857.421875]);
  // Decode counters reach the page with the periodic stats: wait for all of phase 1 to be counted.
  await page.waitForFunction(() => (window as any).devicesTest.stats()?.decode.packets === 4, undefined, { timeout: 5000 });
  expect((await page.evaluate(() => (window as any).devicesTest.stats())).decode).toMatchObject({ packets: 4, corrupt: 1 });
  expect(await page.evaluate(() => (window as any).devicesTest.gaps())).toEqual([
    expect.objectContaining({ streamId: 'hr', startSample: 2, lengthSamples: 1, cause: 'packet-loss' }),
    expect.objectContaining({ streamId: 'rr', startSample: 3, lengthSamples: 1, cause: 'packet-loss' }),
  ]);

  // The strap drops the link; the app reconnects and subscribes again; readings continue in the same session.
  await ble.dropLink();
  await page.waitForFunction(() => (window as any).devicesTest.states().some((s: string) => s.startsWith('reconnecting')), undefined, {
    timeout: 20_000,
  });
  await page.waitForFunction(() => (window as any).devicesTest.state() === 'streaming', undefined, { timeout: 20_000 });
  const after = [measurement(72, [853]), measurement(73, [840])];
  for (const bytes of after) ble.queue(HEART_RATE_MEASUREMENT_UUID, bytes);
  await page.evaluate(([r, s]) => (window as any).devicesTest.injectPaced(s, r, 250), [
    after.map(() => [HEART_RATE_MEASUREMENT_UUID]),
    SERVICE,
  ] as const);
  await page.waitForTimeout(100);
  const hrAfter: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('hr'));
  const gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  expect(await page.evaluate(() => (window as any).devicesTest.sessionId())).toBe(info.sessionId);
  expect(hrAfter.slice(3).map((f) => f[2])).toEqual([72, 73]);
  // The strap numbers nothing, so the time away is measured by the clock: one disconnect gap per stream.
  expect(gaps.slice(2)).toEqual([
    expect.objectContaining({ streamId: 'hr', startSample: 4, cause: 'disconnect' }),
    expect.objectContaining({ streamId: 'rr', startSample: 5, cause: 'disconnect' }),
  ]);
  const away = gaps[2].lengthSamples as number;
  expect(away).toBeGreaterThan(0);
  expect(hrAfter.slice(3).map((f) => f[0])).toEqual([4 + away, 5 + away]);
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
