// OpenBCI Cyton and Cyton + Daisy emulated behind a pseudo-terminal that Chromium sees as /dev/ttyS0,
// opened with Web Serial by the app's own transport, configured (channel 1 gain 8), streamed through the
// worker/decoder/ring, a lost packet recorded as a gap, then stopped (`s` reaches the board).
// Needs root for the mount namespace (see devices-serial-chromium.ts and docs/devices.md).
import { afterEach, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, startServer, type RunningServer } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { launchChromiumWithSerialPort, type SerialBrowser } from './devices-serial-chromium.ts';
import { cytonUvPerCount } from '../../workers/devices/cyton/descriptor.ts';
import { readSessions } from './studio-helpers.ts';

const counts = (sample: number, ch: number) => ((sample * 7919 + ch * 104729) % 2000001) - 1000000;

interface Emulator {
  process: ChildProcess;
  ptyPath: string;
  log: Record<string, unknown>[];
}

async function startEmulator(args: string[]): Promise<Emulator> {
  const child = spawn('python3', [path.join(repoRoot, 'tests/browser/devices-cyton-emulator.py'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const log: Record<string, unknown>[] = [];
  const lines = createInterface({ input: child.stdout! });
  const ptyPath = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`cyton emulator exited with ${code}`)));
    lines.once('line', resolve);
  });
  lines.on('line', (line) => log.push(JSON.parse(line)));
  return { process: child, ptyPath, log };
}

let fixture: FixtureServer | null = null;
let browser: SerialBrowser | null = null;
let emulator: Emulator | null = null;
let studio: RunningServer | null = null;
afterEach(async () => {
  await browser?.close();
  await studio?.stop();
  studio = null;
  await fixture?.close();
  emulator?.process.kill();
  browser = fixture = emulator = null;
});

async function runCyton(daisy: boolean) {
  emulator = await startEmulator(daisy ? ['--daisy', '--skip', '600,601'] : ['--skip', '300,301']);
  fixture = await serveFixturePage('devices-page');
  browser = await launchChromiumWithSerialPort(emulator.ptyPath, fixture.url);
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(fixture.url);
  await page.waitForSelector('body[data-ready="true"]');
  const info = await page.evaluate(
    (kind) => (window as any).devicesTest.connect(kind, { serialFromGetPorts: true, setupCommands: ['x1040110X'] }),
    daisy ? 'cyton-daisy' : 'cyton',
  );
  expect(info.state).toBe('streaming');
  expect(info.streams[0].channels).toHaveLength(daisy ? 16 : 8);
  expect(info.streams[0].sampleRateHz).toBe(daisy ? 125 : 250);
  const want = daisy ? 500 : 1000; // 4 s of frames
  await page.waitForFunction((n) => (window as any).devicesTest.frames('eeg').length >= n, want, { timeout: 30_000 });
  const frames: number[][] = await page.evaluate(() => (window as any).devicesTest.frames('eeg'));
  const gaps = await page.evaluate(() => (window as any).devicesTest.gaps());
  await page.evaluate(() => (window as any).devicesTest.disconnect());
  await new Promise((r) => setTimeout(r, 300));
  return { frames, gaps, errors, log: emulator.log };
}

function checkFrames(frames: number[][], channels: number, lostAt: number, lostLength: number) {
  // Streaming began before connect() resolved and the reader opened: the worker held those frames and
  // replayed them, so the reader sees the stream from its first sample. Index 0 = device sample 0.
  const first = frames[0]![0]!;
  expect(first).toBe(0);
  expect(frames.map((f) => f[0]).slice(0, lostAt - first + 5)).toEqual([
    ...Array.from({ length: lostAt - first }, (_, i) => first + i),
    ...Array.from({ length: 5 }, (_, i) => lostAt + lostLength + i),
  ]);
  for (const f of frames.slice(0, 400)) {
    for (let ch = 0; ch < channels; ch++) {
      const gain = ch === 0 ? 8 : 24; // channel 1 was set to gain 8 by x1040110X
      expect(f[2 + ch]).toBeCloseTo(counts(f[0]!, ch) * cytonUvPerCount(gain), 6);
    }
  }
}

test('Cyton (8 ch @ 250 Hz) over Web Serial: reset, configure, stream, lose a packet pair, stop', async () => {
  const { frames, gaps, errors, log } = await runCyton(false);
  expect(log.filter((e) => e.cmd).map((e) => e.cmd)).toEqual(['v', 'x1040110X', 'b', 's']);
  expect(log.some((e) => typeof e.stopped_after_packets === 'number')).toBe(true);
  checkFrames(frames, 8, 300, 2);
  expect(gaps[0]).toMatchObject({ streamId: 'eeg', startSample: 300, lengthSamples: 2, cause: 'packet-loss' });
  expect(gaps.filter((g: { streamId: string }) => g.streamId === 'eeg')).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('Cyton + Daisy (16 ch @ 125 Hz) over Web Serial: even/odd packets joined, a lost pair is one frame gap', async () => {
  const { frames, gaps, errors, log } = await runCyton(true);
  expect(log.filter((e) => e.cmd).map((e) => e.cmd)).toEqual(['v', 'C', 'x1040110X', 'b', 's']);
  checkFrames(frames, 16, 300, 1);
  expect(gaps[0]).toMatchObject({ streamId: 'eeg', startSample: 300, lengthSamples: 1, cause: 'packet-loss' });
  expect(gaps.filter((g: { streamId: string }) => g.streamId === 'eeg')).toHaveLength(1);
  expect(errors).toEqual([]);
});

test("Cyton + Daisy from the studio's Connect screen: the board and its electrode names chosen there, 16 named channels at 125 Hz on Live and in the recording", async () => {
  emulator = await startEmulator(['--daisy']);
  studio = await startServer();
  // the policy grants the studio's origin the port, so the transport finds it among the granted ones
  browser = await launchChromiumWithSerialPort(emulator.ptyPath, studio.url);
  const page = await browser.context.newPage();
  await page.goto(`${studio.url}/connect`);
  await page.selectOption('#cyton-board', 'cyton-daisy');
  // Electrode names: the Ultracortex Mark IV 16-channel layout is offered first; names of one's own
  // are checked as typed (a name used twice is refused, saying which) and kept for the board.
  const names = page.locator('[data-testid="montage-cyton-daisy-names"]');
  expect(await names.textContent()).toBe('Inputs 1–16: Fp1, Fp2, C3, C4, P7, P8, O1, O2, F7, F8, F3, F4, T7, T8, P3, P4');
  await page.selectOption('#cyton-daisy-montage', 'custom');
  const own = ['Fp1', 'Fp2', 'F3', 'F4', 'C3', 'C4', 'P3', 'P4', 'O1', 'O2', 'F7', 'F8', 'T7', 'T8', 'Cz', 'Cz'];
  await page.fill('#cyton-daisy-montage-custom', own.join(', '));
  await page.getByRole('button', { name: 'Use these names' }).click();
  expect(await page.getByRole('alert').textContent()).toBe('These names cannot be used: name 16 ("Cz") is used twice.');
  own[15] = 'Pz';
  await page.fill('#cyton-daisy-montage-custom', own.join(', '));
  await page.getByRole('button', { name: 'Use these names' }).click();
  expect(await names.textContent()).toBe(`Inputs 1–16: ${own.join(', ')}`);
  await page.reload();
  await page.selectOption('#cyton-board', 'cyton-daisy');
  expect(await names.textContent()).toBe(`Inputs 1–16: ${own.join(', ')}`); // kept for the board
  await page.click('button[data-device="cyton"]');
  await page.waitForSelector('[data-testid="connection-badge"]:has-text("Streaming")', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Open Live view' }).click();
  expect(await page.locator('[data-testid="live-source"]').textContent()).toMatch(/16 ch @ 125 Hz/);
  await expect.poll(() => page.locator('[data-testid="ts-scale"]').count(), { timeout: 15_000 }).toBe(16);
  // The names reach the traces, the head view and the recording.
  expect(await page.locator('.ts-label strong').allTextContents()).toEqual(own);
  expect(
    await page.locator('[data-testid="head-quality"] g[data-electrode]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-electrode'))),
  ).toEqual(expect.arrayContaining(own));
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]');
  await page.waitForTimeout(1500);
  await page.click('[data-testid="record-button"]');
  await page.waitForSelector('[data-testid="recording-badge"]', { state: 'detached' });
  const [recorded] = (await readSessions(page)) as unknown as Array<{ streams: Array<{ kind: string; channels: Array<{ label: string }> }> }>;
  expect(recorded!.streams.find((st) => st.kind === 'eeg')!.channels.map((c) => c.label)).toEqual(own);
  // the Daisy was asked for (C) before streaming began (b)
  const commands = emulator.log.filter((e) => e.cmd).map((e) => e.cmd);
  expect(commands.slice(0, 3)).toEqual(['v', 'C', 'b']);
  await page.close();
});
