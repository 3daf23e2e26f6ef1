import { expect, test } from 'vitest';
import { needsSync, SYNC_BACKOFF } from './sync-queue.ts';
import { backoffDelayMs } from '../timing/backoff.ts';

test('back-off doubles per attempt, is capped at 30 s, and is jittered into [0.5, 1.5) of the step', () => {
  expect(backoffDelayMs(0, SYNC_BACKOFF, () => 0)).toBe(500);
  expect(backoffDelayMs(3, SYNC_BACKOFF, () => 0.5)).toBe(8000);
  expect(backoffDelayMs(20, SYNC_BACKOFF, () => 0.999)).toBeLessThan(45_000);
  expect(backoffDelayMs(20, SYNC_BACKOFF, () => 0)).toBe(15_000);
  const spread = new Set(Array.from({ length: 20 }, () => Math.round(backoffDelayMs(2, SYNC_BACKOFF))));
  expect(spread.size).toBeGreaterThan(10); // two clients that failed together do not retry together
});

test('a synced session with an unsent metadata edit still needs sync; a fully synced one does not', () => {
  const base = { status: 'complete', metadataVersion: 3, sync: { state: 'synced', syncedMetadataVersion: 3 } } as never;
  expect(needsSync(base)).toBe(false);
  expect(needsSync({ ...(base as object), metadataVersion: 4 } as never)).toBe(true);
  expect(needsSync({ ...(base as object), status: 'recording' } as never)).toBe(true);
});
