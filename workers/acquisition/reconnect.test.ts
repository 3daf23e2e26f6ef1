import { expect, test } from 'vitest';
import { reconnectWithBackoff } from './reconnect.ts';
import { backoffDelayMs } from '../timing/backoff.ts';
import { startStallWatchdog } from '../devices/ble-link.main.ts';

test('back-off doubles from the initial delay and is capped', () => {
  expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelayMs(n))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
  expect(backoffDelayMs(3, { initialDelayMs: 10, maxDelayMs: 50 })).toBe(50);
});

test('retries until an attempt succeeds, reporting each failure', async () => {
  let calls = 0;
  const failures: number[] = [];
  const ok = await reconnectWithBackoff(
    async () => {
      if (++calls < 3) throw new Error('not yet');
    },
    { initialDelayMs: 1, maxAttempts: 5 },
    undefined,
    (_e, n) => failures.push(n),
  );
  expect(ok).toBe(true);
  expect(calls).toBe(3);
  expect(failures).toEqual([0, 1]);
});

test('gives up after maxAttempts, and stops at once when aborted', async () => {
  let calls = 0;
  expect(
    await reconnectWithBackoff(
      async () => {
        calls++;
        throw new Error('gone');
      },
      { initialDelayMs: 1, maxAttempts: 3 },
    ),
  ).toBe(false);
  expect(calls).toBe(3);
  const abort = new AbortController();
  abort.abort();
  expect(
    await reconnectWithBackoff(
      async () => {
        calls++;
      },
      { initialDelayMs: 1 },
      abort.signal,
    ),
  ).toBe(false);
  expect(calls).toBe(3);
});

test('stall watchdog: silence first nudges (resend start), then drops the link; data in between resets it', async () => {
  let now = 0;
  let last = 0;
  const events: string[] = [];
  const stop = startStallWatchdog(
    () => last,
    () => events.push(`nudge@${now}`),
    () => events.push(`drop@${now}`),
    30,
    60,
    () => now,
    1,
  );
  const tick = async (ms: number) => {
    now += ms;
    await new Promise((r) => setTimeout(r, 25));
  }; // real wait lets the 1 ms check run
  await tick(20); // 20 ms silent: nothing
  expect(events).toEqual([]);
  await tick(20); // 40 ms: nudge once
  await tick(5);
  expect(events).toEqual(['nudge@40']);
  last = now; // data again
  await tick(20); // 20 ms after the data: quiet again, the nudge re-arms
  await tick(15); // 35 ms: nudged again
  await tick(30); // 65 ms: dropped
  await tick(5);
  stop();
  expect(events.filter((e) => e.startsWith('nudge'))).toHaveLength(2);
  expect(events.at(-1)).toMatch(/^drop@/);
});
