// Messages between the Live screen and display-filter.worker.ts.

export type FilterRequest =
  /** Notch at `notchHz` (null = off) and band-pass `bandHz` (null = off); resets the filter state. */
  | { type: 'configure'; sampleRateHz: number; notchHz: number | null; bandHz: [number, number] | null }
  | { type: 'block'; firstSample: number; channels: Float32Array[] };

export type FilterResponse = { type: 'filtered'; firstSample: number; channels: Float32Array[] } | { type: 'error'; message: string };
