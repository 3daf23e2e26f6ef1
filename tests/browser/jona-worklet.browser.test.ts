// JONA in headless Chromium: the worklet in an OfflineAudioContext renders bit for bit what the
// kernel renders in Node and what createWavStream writes; a real AudioContext runs it live with
// per-quantum timing and underrun counts readable by the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createHash } from 'node:crypto';
import { launchBrowser, type LaunchedBrowser } from './harness.ts';
import { serveFixturePage, type FixtureServer } from './fixture-server.ts';
import { createWavStream, loadJona, ProgramPlayer, programFromRequest, type Program, type ProgramEvent } from '../../dsp-wasm/src/jona/index.ts';

const SR = 48000;
let fixture: FixtureServer;
let browser: LaunchedBrowser;
let page: Page;

beforeAll(async () => {
  fixture = await serveFixturePage('jona-page');
  browser = await launchBrowser();
  page = await browser.context.newPage();
  await page.goto(fixture.url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
});

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

const fromBase64 = (s: string) => {
  const b = Buffer.from(s, 'base64');
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};

async function renderInNode(program: Program, frames: number, seed: number) {
  const kernel = await loadJona();
  const player = new ProgramPlayer(kernel, program, SR, seed);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  player.render(frames, (offset, n) => {
    left.set(kernel.left().subarray(0, n), offset);
    right.set(kernel.right().subarray(0, n), offset);
  });
  return { left, right };
}

describe('JONA worklet in headless Chromium', () => {
  it('OfflineAudioContext + worklet == Node kernel == WAV stream, bit for bit (incl. mid-quantum live events)', async () => {
    const base = programFromRequest({
      mode: 'relax',
      frequency: 10,
      duration: 1.5,
      amplitude: 0.9,
      voices: [
        { kind: 'isochronic', level: 0.2, carrierHz: 330, beatHz: 7 },
        { kind: 'bell', level: 0.5 },
      ],
    });
    const frames = Math.round(base.durationSec * SR);
    // Live events sent over the port at frames inside quanta (not multiples of 128).
    const live: { atFrame: number; event: ProgramEvent }[] = [
      { atFrame: 10_037, event: { type: 'param', atSec: 0, voice: 0, param: 'beatHz', value: 6, rampSec: 0.4 } },
      { atFrame: 20_001, event: { type: 'trigger', atSec: 0, voice: 3 } },
      { atFrame: 33_333, event: { type: 'param', atSec: 0, voice: 1, param: 'level', value: 0.05 } },
    ];
    const result = await page.evaluate(([p, f, ev]) => (window as any).jona.renderOffline(p, 5, f, 48000, ev), [base, frames, live] as const);
    const worklet = { left: fromBase64(result.left), right: fromBase64(result.right) };
    // The same changes as program events at the same frames, rendered by the kernel in Node.
    const withEvents: Program = { ...base, events: [...base.events, ...live.map((l) => ({ ...l.event, atSec: l.atFrame / SR }))] };
    const node = await renderInNode(withEvents, frames, 5);
    expect(worklet.left.length).toBe(frames);
    const firstDiff = worklet.left.findIndex((v, i) => v !== node.left[i]);
    expect({ firstDiff, worklet: worklet.left[firstDiff], node: node.left[firstDiff] }).toEqual({
      firstDiff: -1,
      worklet: undefined,
      node: undefined,
    });
    expect(Buffer.from(worklet.left.buffer).equals(Buffer.from(node.left.buffer))).toBe(true);
    expect(Buffer.from(worklet.right.buffer).equals(Buffer.from(node.right.buffer))).toBe(true);
    // Not silent.
    expect(worklet.left.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeGreaterThan(0.3);
    // The WAV stream (32-bit float) holds exactly the worklet's floats, interleaved.
    const wav = createWavStream(withEvents, { sampleRateHz: 48000, bitDepth: 32, seed: 5 });
    const parts: Uint8Array[] = [];
    for await (const chunk of wav.read(44) as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
    const pcm = Buffer.concat(parts);
    const interleaved = new Float32Array(pcm.buffer, pcm.byteOffset, pcm.byteLength / 4);
    const fromWorklet = new Float32Array(frames * 2);
    for (let i = 0; i < frames; i++) {
      fromWorklet[2 * i] = worklet.left[i]!;
      fromWorklet[2 * i + 1] = worklet.right[i]!;
    }
    expect(Buffer.from(interleaved.buffer, interleaved.byteOffset, interleaved.byteLength).equals(Buffer.from(fromWorklet.buffer))).toBe(true);
    // Stats came back through the SharedArrayBuffer table.
    expect(result.stats.quanta).toBe(Math.ceil(frames / 128));
    expect(result.stats.droppedEvents).toBe(0);
  });

  it('render worker streams WAV into an OPFS file (and Blob parts) with progress, on 1 and 2 cores; bytes equal createWavStream', async () => {
    // 20 s: two spans of 10 s on 2 cores (render-span.worker.ts), joined bit-identically.
    const program = programFromRequest({ mode: 'sleep', frequency: 2, duration: 20, amplitude: 0.8 });
    const wav = createWavStream(program, { sampleRateHz: 48000, bitDepth: 24, seed: 3 });
    const parts: Uint8Array[] = [];
    for await (const chunk of wav.read() as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
    const expected = createHash('sha256').update(Buffer.concat(parts)).digest('hex');
    for (const [fileName, threads] of [
      ['jona-render.wav', 2],
      ['jona-render-1.wav', 1],
      [undefined, 2],
      [undefined, 1],
    ] as const) {
      const result = await page.evaluate(([p, f, t]) => (window as any).jona.renderToFile(p, 24, f, t), [program, fileName, threads] as const);
      expect(result.opfs).toBe(Boolean(fileName));
      expect(result.size).toBe(wav.byteLength);
      expect(result.bytes).toBe(wav.byteLength);
      expect(result.sha256).toBe(expected);
      expect(result.progress.length).toBeGreaterThan(0);
      expect(result.progress.at(-1)).toBe(1);
      expect([...result.progress].sort((a: number, b: number) => a - b)).toEqual(result.progress);
    }
  });

  it('closed loop with the synthetic headset: the eyes-closed alpha step lowers the noise bed; latency measured', async () => {
    const blockSec = 3;
    const result = await page.evaluate(([b, r]) => (window as any).jona.closedLoop(b, r), [blockSec, 6.5] as const);
    const rmsIn = (from: number, to: number) => {
      const xs = result.rms.filter((x: { t: number }) => x.t >= from && x.t < to).map((x: { rms: number }) => x.rms);
      return xs.reduce((a: number, b: number) => a + b, 0) / xs.length;
    };
    const open = rmsIn(1.5, 3);
    const closed = rmsIn(5, 6.5); // alpha needs ~1 s of window to fill after the step
    expect(closed).toBeLessThan(open * 0.5);
    expect(result.latencies.length).toBeGreaterThan(20);
    expect(result.p95).toBeGreaterThan(0);
    expect(result.p95).toBeLessThan(250); // the literature's limit; the Muse target (100 ms p95) is reported below
    console.log(
      JSON.stringify({
        closedLoopLatencyMs: { p50: +result.p50.toFixed(1), p95: +result.p95.toFixed(1), n: result.latencies.length },
        filterDelayMs: result.filterDelayMs,
        noiseRmsEyesOpen: +open.toFixed(4),
        noiseRmsEyesClosed: +closed.toFixed(4),
      }),
    );
  });

  it('runs live in a real AudioContext; quantum time and underruns are readable by the page', async () => {
    expect(await page.evaluate(() => (window as any).jona.crossOriginIsolated())).toBe(true);
    const program = programFromRequest({ mode: 'focus', frequency: 18, duration: 60, amplitude: 0.7 });
    const started = await page.evaluate((p) => (window as any).jona.startLive(p), program);
    expect(started.state).toBe('running');
    await page.waitForTimeout(1500);
    const stats = await page.evaluate(() => (window as any).jona.liveStats());
    await page.evaluate(() => (window as any).jona.stopLive());
    // About 1.5 s of quanta at 48 kHz (375 per second), each timed.
    expect(stats.quanta).toBeGreaterThan(300);
    expect(stats.meanQuantumMs).toBeGreaterThan(0);
    expect(stats.budgetShare).toBeLessThan(0.5);
    expect(stats.underruns).toBeGreaterThanOrEqual(0);
    expect(stats.underruns).toBeLessThan(stats.quanta * 0.05);
    console.log(
      JSON.stringify({
        liveQuanta: stats.quanta,
        meanQuantumMs: stats.meanQuantumMs,
        maxQuantumMs: stats.maxQuantumMs,
        budgetShare: stats.budgetShare,
        underruns: stats.underruns,
      }),
    );
  });
});
