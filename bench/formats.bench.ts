// Import/export throughput per format (MB/s of file bytes, samples/s) with a naive reader/writer measured
// in the same run as baseline (text: split + Number / join; EDF: a DataView loop), plus streamed vs
// whole-file EDF import memory. Prints JSON lines.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXPORT_FORMATS, exportRecording, readRecording, streamRecording, type ExportFormat, type Recording } from '../workers/formats/index.ts';
import { writeLargeEdf } from '../workers/formats/test-support/large-edf.ts';
import { nodeFileSource } from '../workers/formats/test-support/node-source.ts';

const MB = 2 ** 20;

function recording(channels: number, rate: number, seconds: number): Recording {
  const n = rate * seconds;
  return {
    format: 'clisonix-json',
    startTime: '2024-01-01T00:00:00',
    markers: [],
    gaps: [],
    warnings: [],
    metadata: {},
    channels: Array.from({ length: channels }, (_, k) => ({
      label: `Ch${k + 1}`,
      kind: 'eeg',
      unit: 'uV',
      sampleRateHz: rate,
      // Two decimals, as devices write them: keeps text files a realistic size.
      samples: Float64Array.from({ length: n }, (_, i) => Math.round((60 * Math.sin(i / (3 + k)) + 10 * Math.sin(i / 17)) * 100) / 100),
    })),
  };
}

/** Best-of time (ms) of `fn`, repeated until ~0.6 s has passed (at least 2 runs). */
function time(fn: () => unknown): number {
  let best = Infinity;
  const end = performance.now() + 600;
  for (let runs = 0; runs < 2 || performance.now() < end; runs++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function naiveTextRead(bytes: Uint8Array, separator: string): number[][] {
  const lines = new TextDecoder().decode(bytes).split('\n');
  return lines.filter((l) => l && !l.startsWith('#') && !l.startsWith('%')).map((l) => l.split(separator).map(Number));
}

function naiveEdfRead(bytes: Uint8Array): Float64Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (o: number, w: number) => String.fromCharCode(...bytes.subarray(o, o + w)).trim();
  const ns = Number(text(252, 4));
  const records = Number(text(236, 8));
  const bps = bytes[0] === 0xff ? 3 : 2;
  const spr = Array.from({ length: ns }, (_, i) => Number(text(256 + ns * 216 + i * 8, 8)));
  const out = spr.map((n) => new Float64Array(n * records));
  let pos = Number(text(184, 8));
  for (let r = 0; r < records; r++) {
    for (let s = 0; s < ns; s++) {
      for (let i = 0; i < spr[s]; i++, pos += bps)
        out[s][r * spr[s] + i] = bps === 2 ? view.getInt16(pos, true) : view.getUint16(pos, true) | (view.getInt8(pos + 2) << 16);
    }
  }
  return out;
}

function naiveWrite(rec: Recording, format: ExportFormat): number {
  if (format === 'edf' || format === 'bdf') {
    const n = rec.channels[0].samples.length;
    const out = new DataView(new ArrayBuffer(n * rec.channels.length * 2));
    rec.channels.forEach((c, k) => c.samples.forEach((v, i) => out.setInt16((k * n + i) * 2, Math.round(v * 100), true)));
    return out.byteLength;
  }
  const n = rec.channels[0].samples.length;
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(rec.channels.map((c) => c.samples[i]).join(format === 'brainflow-csv' ? '\t' : ','));
  return new TextEncoder().encode(rows.join('\n')).length;
}

const baselineRead = (format: ExportFormat, bytes: Uint8Array) =>
  format === 'edf' || format === 'bdf'
    ? naiveEdfRead(bytes)
    : format === 'json'
      ? JSON.parse(new TextDecoder().decode(bytes))
      : naiveTextRead(bytes, format === 'brainflow-csv' ? '\t' : ',');

async function streamedMemory(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-bench-'));
  try {
    const file = path.join(dir, 'big.edf');
    const size = writeLargeEdf(file, 32, 1000, 1000); // 64 MB
    const source = nodeFileSource(file);
    const base = process.memoryUsage().rss;
    let peak = base;
    const t = performance.now();
    await streamRecording(source, {
      sliceBytes: 1 << 20,
      onChunk: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    const streamMs = performance.now() - t;
    source.close();
    const base2 = process.memoryUsage().rss;
    const t2 = performance.now();
    const whole = readRecording(new Uint8Array(readFileSync(file)));
    const wholeMs = performance.now() - t2;
    const wholeGrowth = process.memoryUsage().rss - base2;
    void whole.channels.length;
    console.log(
      JSON.stringify({
        bench: 'formats.edf-stream-import',
        file_mb: +(size / MB).toFixed(1),
        mb_per_s: +(size / MB / (streamMs / 1000)).toFixed(1),
        rss_growth_mb: +((peak - base) / MB).toFixed(1),
        baseline: 'whole-file readRecording',
        baseline_mb_per_s: +(size / MB / (wholeMs / 1000)).toFixed(1),
        baseline_rss_growth_mb: +(wholeGrowth / MB).toFixed(1),
        ratio_memory: +((peak - base) / Math.max(1, wholeGrowth)).toFixed(3),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const rec = recording(16, 256, 240); // 16 ch x 61 440 samples = 983 040 samples
  const samples = rec.channels.length * rec.channels[0].samples.length;
  for (const format of EXPORT_FORMATS) {
    let bytes: Uint8Array = new Uint8Array(0);
    const exportMs = time(() => (bytes = exportRecording(rec, format)));
    const naiveExportMs = time(() => naiveWrite(rec, format));
    const importMs = time(() => readRecording(bytes));
    const naiveImportMs = time(() => baselineRead(format, bytes));
    const mb = bytes.length / MB;
    console.log(
      JSON.stringify({
        bench: `formats.${format}`,
        file_mb: +mb.toFixed(2),
        samples,
        import_mb_per_s: +(mb / (importMs / 1000)).toFixed(1),
        import_samples_per_s: Math.round(samples / (importMs / 1000)),
        export_mb_per_s: +(mb / (exportMs / 1000)).toFixed(1),
        export_samples_per_s: Math.round(samples / (exportMs / 1000)),
        baseline: format === 'edf' || format === 'bdf' ? 'naive DataView loop' : format === 'json' ? 'JSON.parse / join' : 'split + Number / join',
        baseline_import_samples_per_s: Math.round(samples / (naiveImportMs / 1000)),
        baseline_export_samples_per_s: Math.round(samples / (naiveExportMs / 1000)),
        ratio_import: +(naiveImportMs / importMs).toFixed(2),
        ratio_export: +(naiveExportMs / exportMs).toFixed(2),
        peak_rss_mb_process: +(process.resourceUsage().maxRSS / 1024).toFixed(0),
      }),
    );
  }
  await streamedMemory();
}
