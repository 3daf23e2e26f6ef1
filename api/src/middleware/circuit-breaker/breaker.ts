// A circuit breaker per destination: after `failureThreshold` consecutive failures it opens and
// refuses calls for `openMs`; then one trial call is let through (half-open): success closes it,
// failure opens it again. Failing destinations thus answer fast instead of piling up requests.
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(options: BreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.openMs = options.openMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a trial call will be allowed (0 when calls pass). */
  retryInMs(): number {
    return this.state === 'open' ? this.openMs - (this.now() - this.openedAt) : 0;
  }

  /** Whether a call may go ahead now; in half-open state only one trial at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
  }

  failure(): void {
    this.trialInFlight = false;
    this.failures = Math.min(this.failures + 1, this.threshold);
    if (this.failures >= this.threshold) this.openedAt = this.now();
  }
}
