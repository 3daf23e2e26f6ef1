// JONA benchmarks (run by `npm run bench`, or `npm run bench -- jona`):
//  1. Render one hour of 48 kHz stereo 16-bit WAV (binaural 200 Hz / 10 Hz beat + pink noise) to a
//     file through createWavStream, against Debian's sox making the same sound in the same run.
//     Wall-clock ratio (the target), plus the CPU-time ratio: the machine is shared, and load that
//     changes between the two runs moves the wall ratio; CPU seconds move much less.
//     Then the same hour on every core (renderWavFile: one span per core in worker_threads, joined
//     bit-identically; the bench checks the file's SHA-256 against the 1-core file), beside the same
//     sox run. The 1-core line stays the baseline it is compared with.
//  2. A byte range near the end of that hour (the last 64 KB): served from the render checkpoints
//     that the full render recorded, against the same range of a not-yet-rendered program (seed 2),
//     which renders from the start.
//  3. CPU time per 128-frame render quantum with 8 voices, against the 2.67 ms budget at 48 kHz.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWavStream, loadJona, ProgramPlayer, type Program } from '../dsp-wasm/src/jona/index.ts';
import { renderWavFile } from '../dsp-wasm/src/jona/render-file.node.ts';
import { renderWithSox, type Timing } from './support/sox.ts';

const HOUR_SEC = 3600;

const hourProgram: Program = {
  label: 'bench: binaural 195/205 Hz + pink noise',
  durationSec: HOUR_SEC,
  masterGain: 1,
  voices: [
    { kind: 'binaural', level: 0.5, carrierHz: 200, beatHz: 10 },
    { kind: 'pink', level: 0.3 },
  ],
  events: [],
};

/** This process's CPU seconds (user + system, all threads: includes libuv's file writes). */
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function renderHourWithJona(file: string): Promise<Timing> {
  const wav = createWavStream(hourProgram, { sampleRateHz: 48000, bitDepth: 16 });
  const c0 = cpuNow();
  const t0 = performance.now();
  await pipeline(wav.read() as unknown as AsyncIterable<Uint8Array>, createWriteStream(file) as Writable);
  const wallSec = (performance.now() - t0) / 1000;
  const cpuSec = cpuNow() - c0;
  if (statSync(file).size !== wav.byteLength) throw new Error('JONA wrote a short file');
  return { wallSec, cpuSec };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function renderHourOnEveryCore(file: string, threads: number): Promise<Timing & { spans: number; rerendered: number[] }> {
  const c0 = cpuNow();
  const t0 = performance.now();
  const result = await renderWavFile(hourProgram, { sampleRateHz: 48000, bitDepth: 16, threads }, file);
  const wallSec = (performance.now() - t0) / 1000;
  return { wallSec, cpuSec: cpuNow() - c0, spans: result.spans.length, rerendered: result.rerendered };
}

/** Milliseconds to read the last 64 KB of the hour for `seed` (checkpoints of seed 1 exist by now). */
async function tailRangeMs(seed: number): Promise<number> {
  const wav = createWavStream(hourProgram, { sampleRateHz: 48000, bitDepth: 16, seed });
  const t0 = performance.now();
  let bytes = 0;
  for await (const chunk of wav.read(wav.byteLength - 65536) as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  if (bytes !== 65536) throw new Error(`range read returned ${bytes} bytes`);
  return performance.now() - t0;
}

async function quantumShare(): Promise<{ meanUs: number; budgetUs: number }> {
  const kernel = await loadJona();
  const program: Program = {
    durationSec: 60,
    masterGain: 0.5,
    voices: [
      { kind: 'binaural', level: 0.2, carrierHz: 200, beatHz: 10 },
      { kind: 'isochronic', level: 0.1, carrierHz: 300, beatHz: 8 },
      { kind: 'monaural', level: 0.1, carrierHz: 250, beatHz: 6 },
      { kind: 'tone', level: 0.1, carrierHz: 432 },
      { kind: 'pink', level: 0.1 },
      { kind: 'brown', level: 0.1 },
      { kind: 'white', level: 0.02 },
      { kind: 'bell', level: 0.2 },
    ],
    // A slide keeps one voice on the per-sample parameter path, as during a live session.
    events: [
      { type: 'param', atSec: 0, voice: 0, param: 'beatHz', value: 4, rampSec: 60 },
      ...[1, 5, 9].map((atSec) => ({ type: 'trigger' as const, atSec, voice: 7 })),
    ],
  };
  const player = new ProgramPlayer(kernel, program, 48000, 1);
  const quanta = 375 * 20; // 20 s of audio
  const sink = () => {};
  for (let i = 0; i < 375; i++) player.render(128, sink); // warm-up (JIT tier-up)
  const t0 = performance.now();
  for (let i = 0; i < quanta; i++) player.render(128, sink);
  const meanUs = ((performance.now() - t0) * 1000) / quanta;
  return { meanUs, budgetUs: (128 / 48000) * 1e6 };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jona-bench-'));
  try {
    const jona = await renderHourWithJona(path.join(dir, 'jona.wav'));
    const oneCoreSha = await sha256Of(path.join(dir, 'jona.wav'));
    rmSync(path.join(dir, 'jona.wav'));
    const threads = Math.max(2, availableParallelism());
    const parallel = await renderHourOnEveryCore(path.join(dir, 'jona-parallel.wav'), threads);
    if ((await sha256Of(path.join(dir, 'jona-parallel.wav'))) !== oneCoreSha) throw new Error('the parallel render differs from the 1-core render');
    rmSync(path.join(dir, 'jona-parallel.wav'));
    const sox = renderWithSox(path.join(dir, 'sox.wav'), HOUR_SEC);
    console.log(
      JSON.stringify({
        bench: 'jona.render-1h-48k-16bit-wav',
        figure: +jona.wallSec.toFixed(2),
        unit: 's',
        baseline: 'sox synth (same sound)',
        baselineValue: +sox.wallSec.toFixed(2),
        ratio: +(sox.wallSec / jona.wallSec).toFixed(2),
        target: '>= 10x faster',
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'jona.render-1h-48k-16bit-wav.cpu',
        figure: +jona.cpuSec.toFixed(2),
        unit: 'CPU s',
        baseline: 'sox synth (same sound), CPU s',
        baselineValue: +sox.cpuSec.toFixed(2),
        ratio: +(sox.cpuSec / jona.cpuSec).toFixed(2),
        target: '>= 10x faster',
      }),
    );
    console.log(
      JSON.stringify({
        bench: 'jona.render-1h-48k-16bit-wav.all-cores',
        figure: +parallel.wallSec.toFixed(2),
        unit: 's',
        baseline: 'sox synth (same sound)',
        baselineValue: +sox.wallSec.toFixed(2),
        ratio: +(sox.wallSec / parallel.wallSec).toFixed(2),
        target: '>= 20x faster',
        threads,
        spans: parallel.spans,
        rerenderedSpans: parallel.rerendered.length,
        speedupOver1Core: +(jona.wallSec / parallel.wallSec).toFixed(2),
        cpuSec: +parallel.cpuSec.toFixed(2),
        sameBytesAs1Core: true,
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const warmMs = await tailRangeMs(1);
  const coldMs = await tailRangeMs(2);
  console.log(
    JSON.stringify({
      bench: 'jona.range-last-64KB-of-1h',
      figure: +warmMs.toFixed(1),
      unit: 'ms',
      baseline: 'same range without checkpoints (render from the start)',
      baselineValue: +coldMs.toFixed(1),
      ratio: +(coldMs / warmMs).toFixed(1),
      target: 'much less than the full render',
    }),
  );
  const { meanUs, budgetUs } = await quantumShare();
  console.log(
    JSON.stringify({
      bench: 'jona.quantum-8-voices',
      figure: +meanUs.toFixed(2),
      unit: 'us per 128-frame quantum',
      baseline: 'budget at 48 kHz',
      baselineValue: +budgetUs.toFixed(1),
      ratio: +(meanUs / budgetUs).toFixed(4),
      target: '< 0.02',
    }),
  );
}
