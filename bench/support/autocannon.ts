// The closed-loop HTTP load client of the API benchmarks (autocannon, a dev dependency), and the
// ALBA reading they post.

export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
export type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;

/** autocannon, loaded by a computed name (its types are not installed). */
export async function loadAutocannon(): Promise<Cannon> {
  const name = 'autocannon';
  return ((await import(name)) as { default: Cannon }).default;
}

/** 4 channels x 32 samples per reading: one Muse packet's worth of EEG. */
export const reading = (i: number) => ({
  source: `sensor_${i % 4}`,
  type: 'eeg',
  payload: { channels: [0, 1, 2, 3].map((c) => Array.from({ length: 32 }, (_, k) => +(Math.sin(k + c + i) * 50).toFixed(3))) },
});
export const SAMPLES_PER_READING = 128;
