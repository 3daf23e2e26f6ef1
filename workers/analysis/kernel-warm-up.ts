// Warms the analysis kernels on a window shaped like the stream's before the first real analysis:
// a browser runs new wasm code on its baseline compiler first and optimises the functions once
// they are hot, so the first analyses of a session took 10-40 ms instead of 2-3 ms, and the first
// feedback updates reached the sound that much later (in `npm run bench -- loop`, the slowest 5 %).

/** Analyses run on the made-up window (each ~2-40 ms), one per task so drains are not held up. */
const WARM_UP_ANALYSES = 8;

/** A window of `seconds` per label: a 10 Hz rhythm in 1/f-ish noise (uV), not flat (flat skips work). */
export function warmUpWindow(labels: string[], sampleRateHz: number, seconds: number): Array<{ label: string; samples: Float64Array }> {
  const n = Math.round(sampleRateHz * seconds);
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  return labels.map((label, c) => {
    const samples = new Float64Array(n);
    let drift = 0;
    for (let i = 0; i < n; i++) {
      drift = 0.98 * drift + random() * 4;
      samples[i] = 15 * Math.sin((2 * Math.PI * 10 * i) / sampleRateHz + c) + drift + 3 * random();
    }
    return { label, samples };
  });
}

/**
 * Runs `analyze` WARM_UP_ANALYSES times on a made-up window, one per macrotask; resolves when done.
 * Errors are ignored: the real analyses report their own.
 */
export async function warmUpKernels(
  analyze: (channels: Array<{ label: string; samples: Float64Array }>, sampleRateHz: number) => unknown,
  labels: string[],
  sampleRateHz: number,
  seconds: number,
): Promise<void> {
  const channels = warmUpWindow(labels, sampleRateHz, seconds);
  for (let i = 0; i < WARM_UP_ANALYSES; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    try {
      await analyze(channels, sampleRateHz);
    } catch {
      return;
    }
  }
}
