// An OpenBCI Ganglion (firmware 3) emulated with CDP BluetoothEmulation, read by the app's own transport,
// worker, decoder and ring in headless Chromium: firmware detected from Device Information, `b` sent,
// known signal decoded in order, lost packets as a gap, board drop -> auto reconnect (the board restarts
// its packet ids, so the gap is measured with the fitted clock), same session, one disconnect gap.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { GANGLION_RECEIVE, GANGLION_SEND, GANGLION_DISCONNECT, GANGLION_UV_PER_COUNT } from '../../workers/devices/ganglion/descriptor.ts';

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

const uuid16 = (n: number) => `0000${n.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;
/** Known signal in ADC counts for sample k (absolute), channel ch. */
const counts = (k: number, ch: number) => ((k * 12347 + ch * 50021) % 400001) - 200000;
/** Firmware 3, accel off: copy the sign into bit 5, shift right by 5, send the low 19 bits MSB-first. */
const field19 = (c: number) => ((c < 0 ? c | 32 : c & ~32) >> 5) & 0x7ffff;
/** What a correct decoder must produce for that field, in µV. */
const expectedUv = (c: number) => {
  const f = field19(c);
  return (f >= 2 ** 18 ? f - 2 ** 19 : f) * 32 * GANGLION_UV_PER_COUNT;
};

function packet(id: number, firstSample: number): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = id;
  let bit = 8;
  for (let f = 0; f < 2; f++)
    for (let ch = 0; ch < 4; ch++) {
      const v = field19(counts(firstSample + f, ch));
      for (let i = 18; i >= 0; i--, bit++) if ((v >>> i) & 1) out[bit >> 3]! |= 0x80 >> (bit & 7);
    }
  return out;
}

test('Ganglion fw 3: connect, stream, lose packets, drop and reconnect through Web Bluetooth emulation', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  ble = await BleEmulator.start(browser.context, page, 'C4:8D:2E:11:22:33');
  await ble!.addPeripheral('Ganglion-1a2b', [
    {
      uuid: uuid16(0xfe84),
      characteristics: [
        { uuid: GANGLION_RECEIVE, properties: { notify: true, read: true } },
        { uuid: GANGLION_SEND, properties: { write: true, writeWithoutResponse: true } },
        { uuid: GANGLION_DISCONNECT, properties: { write: true, writeWithoutResponse: true } },
      ],
    },
    { uuid: uuid16(0x180a), characteristics: [{ uuid: uuid16(0x2a28), properties: { read: true } }] },
  ]);
  ble!.queue(uuid16(0x2a28), new TextEncoder().encode('3.1.2'));

  const info = await page.evaluate(() => (window as any).devicesTest.connect('ganglion', { reconnect: { initialDelayMs: 100, maxAttempts: 20 } }));
  expect(info.state).toBe('streaming');
  expect(ble!.writtenText(GANGLION_SEND)).toEqual(['b']);

  // Phase 1: 250 packets (500 samples), ids 100..199 cycling (19-bit); packets 150, 151, 152 lost in flight.
  const lost = new Set([150, 151, 152]);
  const rounds: string[][] = [];
  for (let n = 0; n < 250; n++) {
    if (!lost.has(n)) ble!.queue(GANGLION_RECEIVE, packet(100 + (n % 100), n * 2));
    rounds.push(lost.has(n) ? [] : [GANGLION_RECEIVE]);
  }
  await page.evaluate(([r]) => (window as any).devicesTest.injectPaced(0xfe84, r, 10), [rounds] as const);
  const lastBeforeDrop = Date.now();
  await page.waitForTimeout(100);
  let frames: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  expect(frames).toHaveLength(247 * 2);
  expect(frames.map((f) => f[0])).toEqual([...Array(300).keys(), ...Array.from({ length: 194 }, (_, i) => 306 + i)]);
  for (const f of frames) for (let ch = 0; ch < 4; ch++) expect(f[2 + ch]).toBeCloseTo(expectedUv(counts(f[0]!, ch)), 9);
  let gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  expect(gaps).toEqual([expect.objectContaining({ streamId: 'eeg', startSample: 300, lengthSamples: 6, cause: 'packet-loss' })]);

  // Phase 2: the board drops the link; the app reconnects and sends `b` again; the board restarts at id 100.
  await ble!.dropLink();
  await page.waitForFunction(() => (window as any).devicesTest.states().some((s: string) => s.startsWith('reconnecting')), undefined, {
    timeout: 20_000,
  });
  await page.waitForFunction(() => (window as any).devicesTest.state() === 'streaming', undefined, { timeout: 20_000 });
  expect(ble!.writtenText(GANGLION_SEND)).toEqual(['b', 'b']);
  const firstAfter = Date.now();
  const after: string[][] = [];
  for (let n = 0; n < 100; n++) {
    ble!.queue(GANGLION_RECEIVE, packet(100 + n, 10_000 + n * 2));
    after.push([GANGLION_RECEIVE]);
  }
  await page.evaluate(([r]) => (window as any).devicesTest.injectPaced(0xfe84, r, 10), [after] as const);
  await page.waitForTimeout(100);
  frames = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  const stats = await page.evaluate(() => (window as any).devicesTest.stats());
  expect(await page.evaluate(() => (window as any).devicesTest.sessionId())).toBe(info.sessionId);
  expect(gaps).toHaveLength(2);
  expect(gaps[1]).toMatchObject({ streamId: 'eeg', startSample: 500, cause: 'disconnect' });
  // Counter restarted, so the length comes from the clock fit: wall time away x measured rate.
  const rate = stats.streams[0].measuredRateHz as number;
  const awaySamples = ((firstAfter - lastBeforeDrop) * rate) / 1000;
  expect(gaps[1].lengthSamples).toBeGreaterThan(awaySamples * 0.7 - 20);
  expect(gaps[1].lengthSamples).toBeLessThan(awaySamples * 1.3 + 40);
  const resumed = frames.slice(494);
  expect(resumed).toHaveLength(200);
  expect(resumed.map((f) => f[0])).toEqual(Array.from({ length: 200 }, (_, i) => 500 + gaps[1].lengthSamples + i));
  resumed.forEach((f, i) => expect(f[2]).toBeCloseTo(expectedUv(counts(10_000 + i, 0)), 9));

  await page.evaluate(() => (window as any).devicesTest.disconnect());
  expect(ble!.writtenText(GANGLION_SEND).at(-1)).toBe('s');
  expect(errors).toEqual([]);
});
