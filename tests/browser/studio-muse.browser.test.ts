// The journey's connect step with a Muse emulated by Chromium's CDP BluetoothEmulation: the user
// clicks the Connect screen's own Muse button, the (emulated) chooser picks the headset, the app
// streams and the Live view draws its channels. A Muse 2, then a Muse S Athena with the preset chosen on
// the Connect screen, streaming real captured Athena packets.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchBrowser, startServer, type LaunchedBrowser, type RunningServer } from './harness.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { museUuid } from '../../workers/devices/muse/descriptor.ts';
import { shoot } from './studio-helpers.ts';
import { ATHENA_DATA_1 } from '../../workers/devices/muse-athena/descriptor.ts';
import { athenaStream } from '../../workers/devices/muse-athena/athena-capture.ts';
import athenaVectors from '../data/devices/muse-athena-vectors.json' with { type: 'json' };

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

const EEG = ['0003', '0004', '0005', '0006'].map(museUuid);
const PACKET_MS = 46.875; // 12 samples at 256 Hz
const raw = (k: number, ch: number) => 2048 + Math.round(400 * Math.sin((2 * Math.PI * 10 * k) / 256 + ch));

/** One Muse EEG notification: u16 sequence, then 12 samples of 12 bits. */
function eegPacket(seq: number, ch: number): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = (seq >> 8) & 255;
  out[1] = seq & 255;
  for (let i = 0; i < 12; i += 2) {
    const a = raw(seq * 12 + i, ch);
    const b = raw(seq * 12 + i + 1, ch);
    const p = 2 + (i / 2) * 3;
    out[p] = a >> 4;
    out[p + 1] = ((a & 15) << 4) | (b >> 8);
    out[p + 2] = b & 255;
  }
  return out;
}

async function openConnectScreen() {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message + (process.env.STACKS ? e.stack : '')));
  // Test-only: remember the device the chooser returned to the app, so the test can deliver
  // "notifications" (CDP cannot push them; a readValue() on the app's own characteristic does).
  await page.addInitScript(() => {
    const bt = navigator.bluetooth;
    if (!bt) return;
    const request = bt.requestDevice.bind(bt);
    bt.requestDevice = async (options) => ((globalThis as any).__chosenDevice = await request(options));
  });
  await page.goto(server.url);
  return { page, errors };
}

/** Delivers `count` rounds of one notification per uuid, one round every `ms`. */
async function deliver(page: import('playwright-core').Page, uuids: string[], count: number, ms: number): Promise<void> {
  await page.evaluate(
    async ([uuids, count, ms]) => {
      const device = (globalThis as any).__chosenDevice as BluetoothDevice;
      const service = await device.gatt!.getPrimaryService(0xfe8d);
      const chars = await Promise.all(uuids.map((u) => service.getCharacteristic(u)));
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        for (const c of chars) await c.readValue();
        const wait = t0 + (i + 1) * ms - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    },
    [uuids, count, ms] as const,
  );
}

test('Muse via the Connect button: chooser, streaming, four channels drawn on Live', async () => {
  const { page, errors } = await openConnectScreen();
  await page.waitForSelector('#connect-title');
  expect(await page.locator('[data-testid="no-bluetooth"]').count()).toBe(0);
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:B0:13:24');
  const notifyRead = { notify: true, read: true };
  await ble.addPeripheral('Muse-1324', [
    {
      uuid: '0000fe8d-0000-1000-8000-00805f9b34fb',
      characteristics: [
        { uuid: museUuid('0001'), properties: { write: true, writeWithoutResponse: true, notify: true, read: true } },
        ...EEG.map((uuid) => ({ uuid, properties: notifyRead })),
        { uuid: museUuid('0009'), properties: notifyRead },
        { uuid: museUuid('000a'), properties: notifyRead },
        { uuid: museUuid('000b'), properties: notifyRead },
      ],
    },
  ]);
  await page.click('button[data-device="muse"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 30_000 });
  // The app sent the Muse start sequence itself (halt, preset, start, resume).
  expect(ble.writtenText(museUuid('0001')).filter((c) => c !== '\x02k\n')).toEqual(['\x02h\n', '\x04p21\n', '\x02s\n', '\x02d\n']);
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="timeseries"] canvas');
  expect(await page.locator('[data-testid="live-source"]').textContent()).toMatch(/4 ch @ 256 Hz/);
  const snapshot = () =>
    page.evaluate(() => (document.querySelector('[data-testid="timeseries"] canvas.ts-traces') as HTMLCanvasElement).toDataURL());
  const before = await snapshot();
  const rounds = 64; // 3 s of signal
  for (let seq = 0; seq < rounds; seq++) EEG.forEach((uuid, ch) => ble!.queue(uuid, eegPacket(seq, ch)));
  await deliver(page, EEG, rounds, PACKET_MS);
  await page.waitForTimeout(300);
  expect(await snapshot()).not.toBe(before);
  await shoot(page, 'live-muse');
  expect(errors).toEqual([]);
}, 120_000);

test('Muse S Athena via the Connect button: preset chosen on the screen, real packets, its channels drawn on Live', async () => {
  const { page, errors } = await openConnectScreen();
  await page.waitForSelector('#connect-title');
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:BB:00:03');
  await ble.addPeripheral('MuseS-A003', [
    {
      uuid: '0000fe8d-0000-1000-8000-00805f9b34fb',
      characteristics: [
        { uuid: museUuid('0001'), properties: { write: true, writeWithoutResponse: true, notify: true, read: true } },
        { uuid: ATHENA_DATA_1, properties: { notify: true, read: true } },
        { uuid: museUuid('0014'), properties: { notify: true, read: true } },
      ],
    },
  ]);
  await page.selectOption('#athena-preset', 'p21');
  await page.click('button[data-device="muse"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 30_000 });
  expect(ble.writtenText(museUuid('0001')).filter((c) => c !== '\x02k\n')).toEqual([
    '\x03v6\n',
    '\x02s\n',
    '\x02h\n',
    '\x04p21\n',
    '\x02s\n',
    '\x06dc001\n',
    '\x06dc001\n',
    '\x03L1\n',
    '\x02s\n',
  ]);
  expect(await page.locator('[data-testid="connect-state"]').textContent()).toMatch(/Muse S Athena \(p21, 4 EEG, no optics\)/);
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="timeseries"] canvas');
  expect(await page.locator('[data-testid="live-source"]').textContent()).toMatch(/4 ch @ 256 Hz/);
  const snapshot = () =>
    page.evaluate(() => (document.querySelector('[data-testid="timeseries"] canvas.ts-traces') as HTMLCanvasElement).toDataURL());
  const before = await snapshot();
  // Real 4-channel notifications (C, F: older firmware, F with its 0x98 battery block; J: newer, with 0x88
  // mid-packet), renumbered; 40 EEG samples per three, so one every 52.08 ms is the headset's 256 Hz.
  const p21 = ['C_', 'J_', 'F_'].map((prefix) => athenaVectors.find((v) => v.name.startsWith(prefix))!.hex);
  const packets = athenaStream(p21, 60);
  for (const bytes of packets) ble.queue(ATHENA_DATA_1, bytes);
  await deliver(page, [ATHENA_DATA_1], packets.length, 156.25 / 3);
  await page.waitForTimeout(300);
  expect(await snapshot()).not.toBe(before);
  expect(await page.locator('[data-testid="lost-samples"]').count()).toBe(0); // renumbered packets run on without a gap
  await shoot(page, 'live-muse-athena');
  expect(errors).toEqual([]);
}, 120_000);
