// Main-thread half of the display filter: blocks go to the worker (transferred), filtered blocks come
// back in order. Reconfigured whenever the notch/band-pass settings change.
import type { FilterRequest, FilterResponse } from './display-filter.protocol.ts';

export interface DisplayFilter {
  configure(config: { sampleRateHz: number; notchHz: number | null; bandHz: [number, number] | null }): void;
  push(firstSample: number, channels: Float32Array[]): void;
  dispose(): void;
}

/** Starts a filter worker; `onBlock` receives filtered (or, with no filter on, unchanged) blocks. */
export function makeDisplayFilter(
  onBlock: (firstSample: number, channels: Float32Array[]) => void,
  onError: (message: string) => void,
): DisplayFilter {
  const worker = new Worker(new URL('./display-filter.worker.ts', import.meta.url), { type: 'module', name: 'display-filter' });
  worker.onmessage = (e: MessageEvent<FilterResponse>) =>
    e.data.type === 'filtered' ? onBlock(e.data.firstSample, e.data.channels) : onError(e.data.message);
  worker.onerror = (e) => onError(`display filter failed: ${e.message}`);
  const post = (m: FilterRequest, transfer: Transferable[] = []) => worker.postMessage(m, transfer);
  return {
    configure: (config) => post({ type: 'configure', ...config }),
    push(firstSample, channels) {
      // Copy: the same block also goes to the recorder, which must keep the raw samples.
      const copies = channels.map((c) => c.slice());
      post(
        { type: 'block', firstSample, channels: copies },
        copies.map((c) => c.buffer),
      );
    },
    dispose: () => worker.terminate(),
  };
}
