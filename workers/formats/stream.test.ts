// The streaming reader gives exactly what the whole-file reader gives (small slices force many reads),
// and a 256 MB EDF streams with bounded memory.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobSource, bufferSource, readRecording, readRecordingFromSource, streamRecording } from './index.ts';
import { expectedDigital, writeLargeEdf } from './test-support/large-edf.ts';
import { nodeFileSource } from './test-support/node-source.ts';
import { loadDataFile, REFERENCE_FILES } from './test-support/reference-data.ts';

describe('streaming reader', () => {
  for (const name of REFERENCE_FILES) {
    it(`${name}: streamed in 64 KiB slices equals the whole-file read`, async () => {
      const bytes = loadDataFile(name);
      let lastProgress = 0;
      const streamed = await readRecordingFromSource(bufferSource(bytes), {
        sliceBytes: 64 << 10,
        onProgress: (done, total) => {
          expect(done).toBeGreaterThanOrEqual(lastProgress);
          lastProgress = done / total;
        },
      });
      expect(lastProgress).toBe(1);
      const whole = readRecording(bytes);
      // Samples compared bytewise (fast), then everything else structurally.
      streamed.channels.forEach((c, k) =>
        expect(
          Buffer.from(c.samples.buffer, c.samples.byteOffset, c.samples.byteLength).equals(
            Buffer.from(whole.channels[k].samples.buffer, whole.channels[k].samples.byteOffset, whole.channels[k].samples.byteLength),
          ),
          c.label,
        ).toBe(true),
      );
      const strip = (r: typeof whole) => ({ ...r, channels: r.channels.map((c) => ({ ...c, samples: c.samples.length })) });
      expect(strip(streamed)).toEqual(strip(whole));
    });
  }

  it("reads from a Blob in slices (the import worker's path, here with Node's Blob) like the whole-file reader", async () => {
    const bytes = loadDataFile('test.bdf');
    const streamed = await readRecordingFromSource(blobSource(new Blob([bytes])), { sliceBytes: 100_000 });
    const whole = readRecording(bytes);
    expect(streamed.channels.map((c) => c.samples.length)).toEqual(whole.channels.map((c) => c.samples.length));
    expect(Array.from(streamed.channels[71].samples)).toEqual(Array.from(whole.channels[71].samples));
    expect(streamed.markers).toEqual(whole.markers);
  });

  it('an aborted stream stops with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(streamRecording(bufferSource(loadDataFile('S001R01.edf')), { onChunk: () => {}, signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
  });

  // Garbage chunks are collected when V8's external-memory budget (~64 MB) fills, so growth stays near
  // that budget whatever the file size; a whole-file read would need file size + 4x for float64.
  it('a 256 MB EDF streams with peak RSS growth below half the file size, every sample checked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-edf-'));
    const file = path.join(dir, 'large.edf');
    try {
      const [channels, rate, records] = [32, 1000, 4000]; // 32 x 1000 x 2 B x 4000 s = 256 MB
      const size = writeLargeEdf(file, channels, rate, records);
      const source = nodeFileSource(file);
      globalThis.gc?.();
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      let mismatches = 0;
      const counts = new Array<number>(channels).fill(0);
      const recording = await streamRecording(source, {
        sliceBytes: 1 << 20,
        onChunk: (chunks) => {
          for (const c of chunks) {
            for (let i = 0; i < c.samples.length; i += 997) if (c.samples[i] !== expectedDigital(c.startSample + i, c.channel)) mismatches++;
            counts[c.channel] += c.samples.length;
          }
          peak = Math.max(peak, process.memoryUsage().rss);
        },
      });
      source.close();
      expect(mismatches).toBe(0);
      expect(counts).toEqual(new Array(channels).fill(rate * records));
      expect(recording.startTime).toBe('2024-01-02T03:04:05');
      const growthMb = (peak - baseline) / 2 ** 20;
      expect(growthMb, `peak RSS growth ${growthMb.toFixed(1)} MB for a ${(size / 2 ** 20).toFixed(0)} MB file`).toBeLessThan(size / 2 ** 20 / 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
