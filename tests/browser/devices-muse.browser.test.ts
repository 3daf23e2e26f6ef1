// A Muse emulated with CDP BluetoothEmulation, read by the app's own transport, worker, decoder and ring
// in headless Chromium: connect, start sequence, known signal decoded in order, lost packets as a gap of
// the right length, headset-side disconnect -> automatic reconnect, same session, one disconnect gap.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { museUuid } from '../../workers/devices/muse/descriptor.ts';

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

const EEG = ['0003', '0004', '0005', '0006'].map(museUuid);
const PACKET_MS = 46.875;
/** Known signal: raw count of sample k (absolute index) on channel ch. */
const raw = (k: number, ch: number) => 2048 + ((k * 37 + ch * 211) % 1001) - 500;
const uv = (k: number, ch: number) => 0.48828125 * (raw(k, ch) - 2048);

function eegPacket(seq: number, ch: number): Uint8Array {
  const out = new Uint8Array(20);
  out[0] = (seq >> 8) & 255;
  out[1] = seq & 255;
  for (let i = 0; i < 12; i += 2) {
    const a = raw(seq * 12 + i, ch),
      b = raw(seq * 12 + i + 1, ch);
    const p = 2 + (i / 2) * 3;
    out[p] = a >> 4;
    out[p + 1] = ((a & 15) << 4) | (b >> 8);
    out[p + 2] = b & 255;
  }
  return out;
}

test('Muse: connect, stream, lose packets, drop and reconnect through Web Bluetooth emulation', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:B0:13:24');
  const notifyRead = { notify: true, read: true };
  await ble!.addPeripheral('Muse-1324', [
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

  const info = await page.evaluate(() =>
    (window as any).devicesTest.connect('muse', {
      musePreset: 'p21',
      reconnect: { initialDelayMs: 100, maxAttempts: 20 },
      museTiming: { keepAliveMs: 400 },
    }),
  );
  expect(info.state).toBe('streaming');
  expect(info.streams[0].channels.map((c: { label: string }) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10']);
  const commands = () => ble!.writtenText(museUuid('0001')).filter((c) => c !== '\x02k\n');
  expect(commands()).toEqual(['\x02h\n', '\x04p21\n', '\x02s\n', '\x02d\n']);

  // Phase 1: seq 0..29 in real time, seq 10 and 11 lost in flight (no notification on any channel).
  const rounds: string[][] = [];
  for (let seq = 0; seq < 30; seq++) {
    const lost = seq === 10 || seq === 11;
    if (!lost) EEG.forEach((uuid, ch) => ble!.queue(uuid, eegPacket(seq, ch)));
    rounds.push(lost ? [] : EEG);
  }
  await page.evaluate(([r, ms]) => (window as any).devicesTest.injectPaced(0xfe8d, r, ms), [rounds, PACKET_MS] as const);
  const lastBeforeDrop = Date.now();
  await page.waitForTimeout(100);
  let frames: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  expect(frames).toHaveLength(28 * 12);
  const expectedIndexes = [...Array(120).keys(), ...Array.from({ length: 216 }, (_, i) => 144 + i)];
  expect(frames.map((f) => f[0])).toEqual(expectedIndexes);
  for (const f of frames) for (let ch = 0; ch < 4; ch++) expect(f[2 + ch]).toBe(uv(f[0]!, ch));
  let gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  expect(gaps).toEqual([expect.objectContaining({ streamId: 'eeg', startSample: 120, lengthSamples: 24, cause: 'packet-loss' })]);

  // Phase 2: the headset drops the link; the app reconnects by itself and restarts the stream.
  await ble!.dropLink();
  await page.waitForFunction(
    () =>
      (window as any).devicesTest.states().includes('streaming') &&
      (window as any).devicesTest.states().some((s: string) => s.startsWith('reconnecting')),
    undefined,
    { timeout: 20_000 },
  );
  await page.waitForFunction(() => (window as any).devicesTest.state() === 'streaming', undefined, { timeout: 20_000 });
  // keep-alive `k` went out while streaming (prevents the ~10-minute stall of real headsets)
  expect(ble!.writtenText(museUuid('0001')).filter((c) => c === '\x02k\n').length).toBeGreaterThanOrEqual(2);
  expect(commands().slice(-4)).toEqual(['\x02h\n', '\x04p21\n', '\x02s\n', '\x02d\n']);
  // The headset kept sampling while disconnected: its counter advanced with real time.
  const resumeSeq = 29 + Math.round((Date.now() - lastBeforeDrop) / PACKET_MS);
  const after: string[][] = [];
  for (let seq = resumeSeq; seq < resumeSeq + 30; seq++) {
    EEG.forEach((uuid, ch) => ble!.queue(uuid, eegPacket(seq, ch)));
    after.push(EEG);
  }
  await page.evaluate(([r, ms]) => (window as any).devicesTest.injectPaced(0xfe8d, r, ms), [after, PACKET_MS] as const);
  // The last notifications can still be on their way through the worker: wait for the count, not a fixed time.
  await page.waitForFunction((n) => (window as any).devicesTest.frames('eeg').length >= n, 28 * 12 + 30 * 12, { timeout: 5_000 }).catch(() => {});
  frames = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  expect(await page.evaluate(() => (window as any).devicesTest.sessionId())).toBe(info.sessionId);
  expect(gaps).toHaveLength(2);
  expect(gaps[1]).toMatchObject({ streamId: 'eeg', startSample: 360, lengthSamples: (resumeSeq - 30) * 12, cause: 'disconnect' });
  const resumed = frames.slice(28 * 12);
  expect(resumed).toHaveLength(30 * 12);
  expect(resumed.map((f) => f[0])).toEqual(Array.from({ length: 360 }, (_, i) => resumeSeq * 12 + i));
  for (const f of resumed) for (let ch = 0; ch < 4; ch++) expect(f[2 + ch]).toBe(uv(f[0]!, ch));
  const stats = await page.evaluate(() => (window as any).devicesTest.stats());
  expect(stats.streams[0]).toMatchObject({ streamId: 'eeg', gaps: 2, lostSamples: 24 + (resumeSeq - 30) * 12 });

  await page.evaluate(() => (window as any).devicesTest.disconnect());
  expect(commands().at(-1)).toBe('\x02h\n');
  expect(errors).toEqual([]);
});

test('a Muse S Athena is recognised and refused with a clear message', async () => {
  const page = await browser.context.newPage();
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:BB:00:03');
  await ble!.addPeripheral('MuseS-A003', [
    {
      uuid: '0000fe8d-0000-1000-8000-00805f9b34fb',
      characteristics: [
        { uuid: museUuid('0001'), properties: { write: true, writeWithoutResponse: true, notify: true } },
        { uuid: museUuid('0013'), properties: { notify: true } },
        { uuid: museUuid('0014'), properties: { notify: true } },
      ],
    },
  ]);
  const error = await page.evaluate(() =>
    (window as any).devicesTest.connect('muse', {}).then(
      () => 'connected',
      (e: Error) => e.message,
    ),
  );
  expect(error).toMatch(/Muse S Athena \(MS-03\).*does not decode yet/);
  expect(ble!.writes).toEqual([]); // nothing was sent to the headset
});
