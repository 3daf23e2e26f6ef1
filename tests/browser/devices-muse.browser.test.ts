// A Muse 2 and a Muse S Athena emulated with CDP BluetoothEmulation, read by the app's own transport,
// worker, decoders and rings in headless Chromium: connect, start sequence, known signal (Athena: real
// captured packets) decoded in order, lost packets as a gap of the right length, headset-side disconnect
// -> automatic reconnect, same session, one disconnect gap.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { BleEmulator } from './devices-ble-emulator.ts';
import { museUuid } from '../../workers/devices/muse/descriptor.ts';
import { ATHENA_DATA_1, ATHENA_DATA_2 } from '../../workers/devices/muse-athena/descriptor.ts';
import { athenaEegUv, decodeAthenaNotification } from '../../workers/devices/muse-athena/decode.ts';
import { athenaStream } from '../../workers/devices/muse-athena/athena-capture.ts';
import athenaVectors from '../data/devices/muse-athena-vectors.json' with { type: 'json' };

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

// Muse S Athena: the real notifications of tests/data/devices/muse-athena-vectors.json (p1041: vectors A, B,
// I), renumbered into one continuous stream, delivered on the emulated 273e0013.
const P1041 = ['A_', 'B_', 'I_'].map((prefix) => athenaVectors.find((v) => v.name.startsWith(prefix))!.hex);
const ATHENA_START = ['\x03v6\n', '\x02s\n', '\x02h\n', '\x06p1041\n', '\x02s\n', '\x06dc001\n', '\x06dc001\n', '\x03L1\n', '\x02s\n'];
/** EEG frames (µV per channel) the real packets hold, in order. */
const athenaEeg = (packets: Uint8Array[]) =>
  packets.flatMap((bytes) =>
    decodeAthenaNotification(bytes)
      .packets.flatMap((p) => p.blocks)
      .filter((b) => b.kind === 'eeg')
      .flatMap((b) => Array.from({ length: b.samples }, (_, s) => [...b.raw.subarray(s * 8, s * 8 + 8)].map(athenaEegUv))),
  );

test('Muse S Athena: told apart by its GATT table, preset p1041, real packets streamed, a lost notification = one gap per stream, drop and reconnect', async () => {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  ble = await BleEmulator.start(browser.context, page, '00:55:DA:BB:00:03');
  await ble!.addPeripheral('MuseS-A003', [
    {
      uuid: '0000fe8d-0000-1000-8000-00805f9b34fb',
      characteristics: [
        { uuid: museUuid('0001'), properties: { write: true, writeWithoutResponse: true, notify: true, read: true } },
        { uuid: ATHENA_DATA_1, properties: { notify: true, read: true } },
        // 0014 without notify, as some firmware exposes it (brainflow #835): the app must not fail on it.
        { uuid: ATHENA_DATA_2, properties: { read: true } },
      ],
    },
  ]);
  const info = await page.evaluate(() =>
    (window as any).devicesTest.connect('muse', {
      athenaPreset: 'p1041',
      reconnect: { initialDelayMs: 100, maxAttempts: 20 },
      museTiming: { keepAliveMs: 400, stallNudgeMs: 1500, stallDropMs: 60_000 },
    }),
  );
  expect(info.state).toBe('streaming');
  expect(info.streams.map((s: { id: string; channels: unknown[]; sampleRateHz: number }) => [s.id, s.channels.length, s.sampleRateHz])).toEqual([
    ['eeg', 8, 256],
    ['optics', 16, 64],
    ['accel', 3, 52],
    ['gyro', 3, 52],
  ]);
  expect(info.streams[0].channels.map((c: { label: string }) => c.label)).toEqual(['TP9', 'AF7', 'AF8', 'TP10', 'AUX_1', 'AUX_2', 'AUX_3', 'AUX_4']);
  const commands = () => ble!.writtenText(museUuid('0001')).filter((c) => c !== '\x02k\n');
  expect(commands()).toEqual(ATHENA_START);

  // Phase 1: 60 notifications (20 cycles of A, B, I = 26 EEG samples each, ≈ 101.6 ms), number 30 lost in flight.
  const sent = athenaStream(P1041, 60);
  const kept = sent.filter((_, seq) => seq !== 30);
  kept.forEach((bytes) => ble!.queue(ATHENA_DATA_1, bytes));
  const rounds = sent.map((_, seq) => (seq === 30 ? [] : [ATHENA_DATA_1]));
  await page.evaluate(([r, ms]) => (window as any).devicesTest.injectPaced(0xfe8d, r, ms), [rounds, 101.5625 / 3] as const);
  await page.waitForFunction((n) => (window as any).devicesTest.frames('eeg').length >= n, 20 * 26 - 4, { timeout: 5_000 }).catch(() => {});
  let frames: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  expect(frames.map((f) => f[0])).toEqual([...Array(260).keys(), ...Array.from({ length: 256 }, (_, i) => 264 + i)]);
  expect(frames.map((f) => f.slice(2))).toEqual(athenaEeg(kept));
  const gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  // Notification 30 was an A: 2 EEG blocks (4 samples), 2 optics blocks (2), one IMU block (3 accel + 3 gyro);
  // each gap is found when that stream's next block arrives (B carries EEG only, I EEG and optics, A the IMU).
  expect(gaps).toEqual([
    expect.objectContaining({ streamId: 'eeg', startSample: 260, lengthSamples: 4, cause: 'packet-loss' }),
    expect.objectContaining({ streamId: 'optics', startSample: 40, lengthSamples: 2, cause: 'packet-loss' }),
    expect.objectContaining({ streamId: 'accel', startSample: 30, lengthSamples: 3, cause: 'packet-loss' }),
    expect.objectContaining({ streamId: 'gyro', startSample: 30, lengthSamples: 3, cause: 'packet-loss' }),
  ]);
  const optics: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('optics'));
  expect(optics[0]!.slice(2)).toEqual((athenaVectors[0]!.blocks[3] as { raw20: number[][] }).raw20[0]); // raw counts of vector A's first 0x36 block

  // The headset went quiet: after 1.5 s the watchdog nudges it with the Athena start command.
  await expect.poll(() => commands().length, { timeout: 5_000 }).toBeGreaterThan(ATHENA_START.length);
  expect(new Set(commands().slice(ATHENA_START.length))).toEqual(new Set(['\x06dc001\n']));

  // Phase 2: the headset drops the link; the app reconnects, sends the start sequence again, and the
  // headset restarts its counters at 0 (as after dc001): one disconnect gap, same session.
  await ble!.dropLink();
  await page.waitForFunction(() => (window as any).devicesTest.states().some((s: string) => s.startsWith('reconnecting')), undefined, {
    timeout: 20_000,
  });
  await page.waitForFunction(() => (window as any).devicesTest.state() === 'streaming', undefined, { timeout: 20_000 });
  const restart = commands().lastIndexOf('\x03v6\n');
  expect(commands().slice(restart, restart + ATHENA_START.length)).toEqual(ATHENA_START);
  expect(ble!.writtenText(museUuid('0001')).filter((c) => c === '\x02k\n').length).toBeGreaterThanOrEqual(2); // keep-alive
  const again = athenaStream(P1041, 30);
  again.forEach((bytes) => ble!.queue(ATHENA_DATA_1, bytes));
  await page.evaluate(([r, ms]) => (window as any).devicesTest.injectPaced(0xfe8d, r, ms), [again.map(() => [ATHENA_DATA_1]), 101.5625 / 3] as const);
  await page.waitForFunction((n) => (window as any).devicesTest.frames('eeg').length >= n, 516 + 260, { timeout: 5_000 }).catch(() => {});
  frames = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  expect(frames.slice(516).map((f) => f.slice(2))).toEqual(athenaEeg(again));
  const after = await page.evaluate(() => (window as any).devicesTest.gaps());
  expect(after.filter((g: { streamId: string }) => g.streamId === 'eeg').map((g: { cause: string }) => g.cause)).toEqual([
    'packet-loss',
    'disconnect',
  ]);
  expect(await page.evaluate(() => (window as any).devicesTest.sessionId())).toBe(info.sessionId);

  await page.evaluate(() => (window as any).devicesTest.disconnect());
  expect(commands().at(-1)).toBe('\x02h\n');
  expect(errors).toEqual([]);
}, 60_000);
