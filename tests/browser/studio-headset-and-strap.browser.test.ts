// Two devices in one session, as a person does it: the synthetic headset from the Connect screen, then a
// Bluetooth heart-rate strap (CDP BluetoothEmulation, real 0x2A37 byte layouts and a Battery Level) added
// with the Connect screen's own button. Live shows the strap's readings beside the headset; one recording
// holds the headset's and the strap's streams, each its own chunks; it syncs to the local server, whose
// chunk SHA-256s are the local ones, and the strap's stored values are the ones the strap sent.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { decodeChunk } from '../../api/src/contract/chunk.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { readChunkDigests, readSessions } from './studio-helpers.ts';
import { BATTERY_LEVEL_UUID, HEART_RATE_MEASUREMENT_UUID } from '../../workers/devices/heart-rate-strap/descriptor.ts';

let server: RunningServer;
let browser: LaunchedBrowser;
let ble: BleEmulator | undefined;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser({ args: ['--enable-features=WebBluetooth'] });
});
afterEach(async () => {
  await ble?.stop();
  ble = undefined;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Flags 0x16: uint8 HR, contact detected, RR present; RR in 1/1024 s, little-endian. */
const measurement = (bpm: number, rrUnits: number) => Uint8Array.of(0x16, bpm, rrUnits & 255, rrUnits >> 8);
/** What the strap sends, one a second: bpm and one RR interval each (1024 units = 1000 ms; 991 = 967.7734375 ms). */
const SENT = [
  [60, 1024],
  [61, 1004],
  [63, 975],
  [64, 960],
  [62, 991],
] as const;
const RATE_HZ = 250;

test('a headset plus a strap in one recording that syncs with matching hashes', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Test-only: keep the device the chooser gave the app, to deliver "notifications" as readValue() on
  // the app's own characteristic (CDP cannot push them).
  await page.addInitScript(() => {
    const bt = navigator.bluetooth;
    if (!bt) return;
    const request = bt.requestDevice.bind(bt);
    bt.requestDevice = async (options) => ((globalThis as any).__chosenDevice = await request(options));
  });
  await page.goto(`${server.url}/connect`);
  await page.selectOption('#synth-channels', '4');
  await page.click('button[data-device="synthetic"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")');

  ble = await BleEmulator.start(browser.context, page, 'A0:9E:1A:44:55:66');
  await ble.addPeripheral('Polar H10 1A2B3C4D', [
    {
      uuid: '0000180d-0000-1000-8000-00805f9b34fb',
      characteristics: [{ uuid: HEART_RATE_MEASUREMENT_UUID, properties: { notify: true, read: true } }],
    },
    { uuid: '0000180f-0000-1000-8000-00805f9b34fb', characteristics: [{ uuid: BATTERY_LEVEL_UUID, properties: { notify: true, read: true } }] },
  ]);
  ble.queue(BATTERY_LEVEL_UUID, Uint8Array.of(85)); // the app reads the battery once at connect
  await page.getByRole('button', { name: 'Add a heart-rate strap' }).click();
  await page.waitForSelector('[data-testid="companion-state"]:has-text("streaming")', { timeout: 20_000 });
  expect(await page.locator('[data-testid="companion-state"]').textContent()).toMatch(
    /Polar H10 1A2B3C4D with Synthetic headset.*HR \(bpm\), RR \(ms\)/,
  );

  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
  const recordStartedMs = Date.now();
  for (const [bpm, rr] of SENT) ble.queue(HEART_RATE_MEASUREMENT_UUID, measurement(bpm, rr));
  await page.evaluate(async (count) => {
    const device = (globalThis as any).__chosenDevice as BluetoothDevice;
    const hr = await (await device.gatt!.getPrimaryService(0x180d)).getCharacteristic(0x2a37);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await hr.readValue();
      await new Promise((r) => setTimeout(r, t0 + (i + 1) * 1000 - performance.now()));
    }
  }, SENT.length);
  // The strap's newest readings, beside the headset's views (not in its EEG lanes): 62 bpm, RR 967.77 ms.
  await page.waitForSelector('[data-testid="strap-heart-rate"]:has-text("Heart rate 62 bpm (strap) · RR 968 ms · battery 85 %")');
  // HRV of the five RR (1000, 980.47, 952.15, 937.5, 967.77 ms): RMSSD 24.05, SDNN 24.29 ms.
  const hrv = page.locator('[data-testid="strap-hrv"]');
  await page.waitForSelector('[data-testid="strap-hrv"]:has-text("RMSSD 24 ms, SDNN 24 ms from 6 beats")');
  expect(Number(await hrv.getAttribute('data-rmssd-ms'))).toBe(24.05);
  expect(Number(await hrv.getAttribute('data-sdnn-ms'))).toBe(24.29);
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const recordedSec = (Date.now() - recordStartedMs) / 1000;

  const [session] = (await readSessions(page)) as (Awaited<ReturnType<typeof readSessions>>[number] & { deviceName: string })[];
  expect(session.deviceName).toBe('Synthetic headset (4 ch @ 250 Hz) + Polar H10 1A2B3C4D');
  expect(session.streams.map((s) => [s.id, s.kind, s.channels[0]!.unit])).toEqual([
    ['eeg', 'eeg', 'uV'],
    ['accel', 'accel', 'g'],
    ['hr', 'other', 'bpm'],
    ['rr', 'other', 'ms'],
  ]);
  const local = await readChunkDigests(page, session.id);
  const samplesOf = (stream: string) => local.filter(([s]) => s === stream).reduce((n, [, , , , count]) => n + count, 0);
  expect(samplesOf('hr')).toBe(SENT.length);
  expect(samplesOf('rr')).toBe(SENT.length);
  // The headset recorded the whole time, each sample kept: its rate times the time between the clicks.
  expect(samplesOf('eeg')).toBe(session.durableSamples.eeg);
  expect(Math.abs(samplesOf('eeg') - RATE_HZ * recordedSec)).toBeLessThan(RATE_HZ * 0.5);

  // Synced by default in local mode: every chunk of every stream is on the server with the same SHA-256.
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.waitForSelector(`tr[data-session-id="${session.id}"][data-sync-state="synced"]`, { timeout: 30_000 });
  const onServer: [string, number, string][] = [];
  for (const stream of session.streams) {
    const listed = await (await fetch(`${server.url}/api/v1/sessions/${session.id}/streams/${stream.id}/chunks?limit=1000`)).json();
    for (const c of listed.chunks as { seq: number; sha256: string }[]) onServer.push([stream.id, c.seq, c.sha256]);
  }
  const byKey = (rows: [string, number, string][]) => rows.sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
  expect(byKey(onServer)).toEqual(byKey(local.map(([stream, seq, sha]) => [stream, seq, sha])));

  // The strap's values as the server keeps them are exactly what the strap sent.
  const values = async (stream: string) => {
    const seqs = local
      .filter(([s]) => s === stream)
      .map(([, seq]) => seq)
      .sort((a, b) => a - b);
    const out: number[] = [];
    for (const seq of seqs) {
      const bytes = new Uint8Array(await (await fetch(`${server.url}/api/v1/sessions/${session.id}/streams/${stream}/chunks/${seq}`)).arrayBuffer());
      out.push(...decodeChunk(bytes).channels[0]!);
    }
    return out;
  };
  expect(await values('hr')).toEqual(SENT.map(([bpm]) => bpm));
  expect(await values('rr')).toEqual(SENT.map(([, units]) => (units * 1000) / 1024));
  expect(errors).toEqual([]);
  await page.close();
}, 60_000);
