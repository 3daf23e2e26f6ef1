// Reconnection with exponential back-off. A drop is a state, not an exception: the caller sees
// 'reconnecting' until an attempt succeeds ('streaming') or the attempts run out ('lost').

import { backoffDelayMs, type BackoffOptions as DelayOptions } from '../timing/backoff.ts';

export interface BackoffOptions extends Omit<DelayOptions, 'jitter'> {
  /** Attempts before giving up. */
  maxAttempts?: number;
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
