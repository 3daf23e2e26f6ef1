// The one back-off rule of the app: device reconnects, sync retries and storage-full retries all wait
// initial x 2^attempt, capped. Jitter (x [0.5, 1.5)) spreads clients that failed together (the sync
// against one server); a single device's reconnects need none.

export interface BackoffOptions {
  /** Delay before the first retry (ms). */
  initialDelayMs?: number;
  /** Upper bound of the delay before jitter (ms). */
  maxDelayMs?: number;
  /** Multiply by a random factor in [0.5, 1.5). */
  jitter?: boolean;
}

/**
 * Delay before retry number `attempt` (0-based), ms.
 * @example backoffDelayMs(3, { initialDelayMs: 500, maxDelayMs: 8000 }) // 4000
 */
export function backoffDelayMs(attempt: number, o: BackoffOptions = {}, random: () => number = Math.random): number {
  const step = Math.min(o.maxDelayMs ?? 8000, (o.initialDelayMs ?? 500) * 2 ** attempt);
  return o.jitter ? step * (0.5 + random()) : step;
}
