// Reconnection with exponential back-off. A drop is a state, not an exception: the caller sees
// 'reconnecting' until an attempt succeeds ('streaming') or the attempts run out ('lost').

export interface BackoffOptions {
  /** Delay before the first attempt (ms). */
  initialDelayMs?: number;
  /** Upper bound of the delay between attempts (ms). */
  maxDelayMs?: number;
  /** Attempts before giving up. */
  maxAttempts?: number;
}

/** Delay before attempt `n` (0-based): initial x 2^n, capped. */
export function backoffDelayMs(n: number, o: BackoffOptions = {}): number {
  return Math.min(o.maxDelayMs ?? 8000, (o.initialDelayMs ?? 500) * 2 ** n);
}

/**
 * Calls `attempt` until it resolves, waiting with back-off between tries. Resolves true on success,
 * false when attempts run out or `signal` aborts.
 */
export async function reconnectWithBackoff(
  attempt: () => Promise<void>,
  o: BackoffOptions = {},
  signal?: AbortSignal,
  onAttemptFailed?: (error: unknown, n: number) => void,
): Promise<boolean> {
  const max = o.maxAttempts ?? 8;
  for (let n = 0; n < max; n++) {
    await new Promise((resolve) => setTimeout(resolve, backoffDelayMs(n, o)));
    if (signal?.aborted) return false;
    try {
      await attempt();
      return true;
    } catch (error) {
      onAttemptFailed?.(error, n);
    }
  }
  return false;
}
