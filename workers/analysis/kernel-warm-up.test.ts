// The warm-up's made-up window has the stream's shape and a signal the analysis does real work on,
// and the warm-up yields before its analyses and stops at the first failure.
import { describe, expect, it } from 'vitest';
import { loadAlbi } from '../../dsp-wasm/src/index.ts';
import { warmUpKernels, warmUpWindow } from './kernel-warm-up.ts';

describe('kernel warm-up', () => {
  it('makes a window of the stream shape that ALBI analyses in full (bands, peak alpha near 10 Hz)', async () => {
    const labels = ['TP9', 'AF7', 'AF8', 'TP10'];
    const channels = warmUpWindow(labels, 256, 4);
    expect(channels.map((c) => c.label)).toEqual(labels);
    expect(channels.every((c) => c.samples.length === 1024)).toBe(true);
    const albi = await loadAlbi();
    const result = albi.analyzeChannels(channels, 256, { mainsHz: 50 });
    expect(result.skipped).toBeUndefined();
    for (const label of labels) expect(result.channels[label]!.peakAlphaHz).toBeCloseTo(10, 0);
  });

  it('runs its analyses after the tasks already queued, and stops at the first failure', async () => {
    const calls: number[] = [];
    // A task queued before the warm-up runs before its first analysis: it never holds the thread.
    let queuedTaskRanAt = -1;
    setTimeout(() => (queuedTaskRanAt = calls.length), 0);
    await warmUpKernels((channels, rate) => void calls.push(channels.length * rate), ['Cz', 'Pz'], 250, 2);
    expect(calls).toEqual(Array(8).fill(500));
    expect(queuedTaskRanAt).toBe(0);
    let failing = 0;
    await warmUpKernels(
      () => {
        failing++;
        throw new Error('kernel not built');
      },
      ['Cz'],
      250,
      1,
    );
    expect(failing).toBe(1);
  });
});
