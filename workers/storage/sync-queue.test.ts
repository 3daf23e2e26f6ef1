import { expect, test } from 'vitest';
import { backoffDelayMs, needsSync } from './sync-queue.ts';

test('back-off doubles per attempt, is capped at 30 s, and is jittered into [0.5, 1.5) of the step', () => {
  expect(backoffDelayMs(0, 1000, 30_000, () => 0)).toBe(500);
  expect(backoffDelayMs(3, 1000, 30_000, () => 0.5)).toBe(8000);
  expect(backoffDelayMs(20, 1000, 30_000, () => 0.999)).toBeLessThan(45_000);
  expect(backoffDelayMs(20, 1000, 30_000, () => 0)).toBe(15_000);
  const spread = new Set(Array.from({ length: 20 }, () => Math.round(backoffDelayMs(2))));
  expect(spread.size).toBeGreaterThan(10); // two clients that failed together do not retry together
});

test('a synced session with an unsent metadata edit still needs sync; a fully synced one does not', () => {
  const base = { status: 'complete', metadataVersion: 3, sync: { state: 'synced', syncedMetadataVersion: 3 } } as never;
  expect(needsSync(base)).toBe(false);
  expect(needsSync({ ...(base as object), metadataVersion: 4 } as never)).toBe(true);
  expect(needsSync({ ...(base as object), status: 'recording' } as never)).toBe(true);
});
