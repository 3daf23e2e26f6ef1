// The journey's connect step with a Muse emulated by Chromium's CDP BluetoothEmulation: the user
// clicks the Connect screen's own Muse button, the (emulated) chooser picks the headset, the app
// streams and the Live view draws its channels. A Muse 2; a Muse 2 with PPG (preset p51 chosen on the
// Connect screen) whose telemetry, accelerometer and pulse reach Live as battery, motion and heart rate;
// then a Muse S Athena with the preset chosen on the Connect screen, streaming real captured Athena packets.
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
  // Pages first: a page left connected would try to reconnect to the headset the emulator is taking
  // away, while the next test sets up its own (Chromium has crashed in that overlap).
  for (const page of browser.context.pages()) await page.close();
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

/** 20 bytes: u16 sequence, then `fill(bytes)`. */
function museNotification(seq: number, fill: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(20);
  const view = new DataView(out.buffer);
  view.setUint16(0, seq);
  fill(view);
  return out;
}

/** A pulse beat at 0 (the foot of the upstroke), unit height: a fast rise to 0.12 s, a slower fall, the dicrotic wave. */
const pulse = (t: number) =>
  t < -0.05
    ? 0
    : (t < 0.12 ? Math.exp(-(((t - 0.12) / 0.055) ** 2)) : Math.exp(-(((t - 0.12) / 0.14) ** 2))) + 0.35 * Math.exp(-(((t - 0.36) / 0.07) ** 2));
/** PPG counts at sample k (64 Hz): beats every 800 ms (75 bpm) from 0.7 s, reflected light falling as blood arrives. */
const ppgCount = (k: number, scale: number) => {
  const t = k / 64;
  let beats = 0;
  for (let b = 0.7; b < t + 0.1; b += 0.8) beats += pulse(t - b);
  return Math.round(scale * (200_000 - 3000 * beats));
};

test('Muse 2 with PPG (preset p51): battery with its low warning, the motion and gyroscope plots and the heart rate on Live', async () => {
  const { page, errors } = await openConnectScreen();
  await page.waitForSelector('#connect-title');
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:B0:13:25');
  const notifyRead = { notify: true, read: true };
  const PPG = ['000f', '0010', '0011'].map(museUuid); // ambient, infrared, red
  await ble.addPeripheral('Muse-1325', [
    {
      uuid: '0000fe8d-0000-1000-8000-00805f9b34fb',
      characteristics: [
        { uuid: museUuid('0001'), properties: { write: true, writeWithoutResponse: true, notify: true, read: true } },
        ...[...EEG, museUuid('0009'), museUuid('000a'), museUuid('000b'), ...PPG].map((uuid) => ({ uuid, properties: notifyRead })),
      ],
    },
  ]);
  await page.selectOption('#muse-preset', 'p51');
  await page.click('button[data-device="muse"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 30_000 });
  expect(ble.writtenText(museUuid('0001')).filter((c) => c !== '\x02k\n')).toEqual(['\x02h\n', '\x04p51\n', '\x02s\n', '\x02d\n']);
  await page.getByRole('button', { name: 'Open Live view' }).click();
  await page.waitForSelector('[data-testid="heart-rate"]');

  // Telemetry: battery 12 % (u16 / 512), below the 15 % warning.
  ble.queue(
    museUuid('000b'),
    museNotification(0, (v) => v.setUint16(2, 12 * 512)),
  );
  await deliver(page, [museUuid('000b')], 1, 10);
  await page.waitForSelector('[data-testid="battery-badge"]:has-text("Battery 12 %: low, charge soon")');
  expect(await page.locator('[data-testid="announce-assertive"]').textContent()).toBe(
    'Muse battery low: 12 %. Charge it soon; the recording stops when it runs out.',
  );

  // Accelerometer: 20 packets of 3 samples, z nodding between 1.0 and 1.1 g, ending at rest (1 g).
  for (let seq = 0; seq < 20; seq++)
    ble.queue(
      museUuid('000a'),
      museNotification(seq, (v) => [0, 1, 2].forEach((i) => v.setInt16(2 + 6 * i + 4, seq === 19 || i !== 1 ? 16384 : 18022))),
    );
  await deliver(page, [museUuid('000a')], 20, 3000 / 52);
  await page.waitForSelector('[data-testid="motion-plot"][data-points="60"]');
  expect(await page.locator('[data-testid="motion-plot"] svg').getAttribute('aria-label')).toMatch(/^Head motion over the last 10 s: 1\.00 g now/);

  // Gyroscope beside it: 20 packets of 3 samples turning at 4012 counts x 0.0074768 deg/s = 30.0 deg/s about Z.
  for (let seq = 0; seq < 20; seq++)
    ble.queue(
      museUuid('0009'),
      museNotification(seq, (v) => [0, 1, 2].forEach((i) => v.setInt16(2 + 6 * i + 4, 4012))),
    );
  await deliver(page, [museUuid('0009')], 20, 3000 / 52);
  await page.waitForSelector('[data-testid="gyro-plot"][data-points="60"]');
  expect(await page.locator('[data-testid="gyro-plot"] svg').getAttribute('aria-label')).toBe('Head rotation over the last 10 s: 30.0 deg/s now.');
  expect(await page.locator('[data-testid="gyro-plot"] figcaption').textContent()).toMatch(
    /^gyroscope angular speed \(deg\/s\), last 10 s, 25–35 deg\/s$/,
  );

  // PPG: 10 s of a 75 bpm pulse on infrared and red, ambient light flat; 6 samples a packet, one every 93.75 ms.
  const packets = 107;
  for (let seq = 0; seq < packets; seq++)
    PPG.forEach((uuid, ch) =>
      ble!.queue(
        uuid,
        museNotification(seq, (v) => {
          for (let i = 0; i < 6; i++) {
            const count = ch === 0 ? 5000 : ppgCount(seq * 6 + i, ch === 1 ? 1 : 0.6);
            v.setUint8(2 + 3 * i, count >> 16);
            v.setUint16(3 + 3 * i, count & 0xffff);
          }
        }),
      ),
    );
  await deliver(page, PPG, packets, 93.75);
  await page.waitForTimeout(1300); // one more heart-rate period over the whole 10 s
  const value = page.locator('[data-testid="heart-rate-value"]');
  expect(Math.abs(Number(await value.getAttribute('data-bpm')) - 75)).toBeLessThan(1);
  // Beats at 0.7 + 0.8 k s within the 10.03 s received, the last one's upstroke whole: 12.
  expect(await value.textContent()).toMatch(/^75 bpm .*from 12 beats in 10 s \(infrared\)$/);
  await shoot(page, 'live-muse-ppg');
  expect(errors).toEqual([]);
  // Closed before the emulator stops: a page left reconnecting to this headset would compete for the next test's chooser.
  await page.close();
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
