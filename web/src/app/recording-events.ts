// Lets code wait until no recording runs (the update flow reloads only then).
import { createRoot, createEffect } from 'solid-js';
import { recorder } from './studio.ts';

/** Resolves at once when idle, otherwise when the current recording has stopped and is on disk. */
export function whenRecorderIdle(): Promise<void> {
  if (!recorder()) return Promise.resolve();
  return new Promise((resolve) =>
    createRoot((dispose) => {
      createEffect(() => {
        if (!recorder()) {
          dispose();
          resolve();
        }
      });
    }),
  );
}
