// Runs the live analysis: every 500 ms the newest 4 s of each channel go to the analysis worker
// (ALBI in WASM, off the main thread); its answer becomes the current frame, a point of the band
// history and new anomalies. One request in flight at a time, so a slow worker never queues up.
import { createSignal, onCleanup } from 'solid-js';
import type { Anomaly, BandName } from '../../../../dsp-wasm/src/analysis-types.ts';
import { settings } from '../../app/settings.ts';
import { meanRelativeBands, type LiveAnalysisFrame } from './analysis-frame.ts';
import { getAnalysisClient } from './analysis-client.ts';
import type { LiveBuffer } from './live-buffer.ts';

const INTERVAL_MS = 500;
const WINDOW_SEC = 4;
const HISTORY_SEC = 60;
const FEED_MAX = 50;

export interface BandHistory {
  timeSec: number[];
  bands: Record<BandName, number[]>;
}

export interface FeedAnomaly extends Anomaly {
  atMs: number;
}

export function createLiveAnalysis(buffer: LiveBuffer, labels: string[]) {
  const [frame, setFrame] = createSignal<LiveAnalysisFrame | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [history, setHistory] = createSignal<BandHistory>({ timeSec: [], bands: { delta: [], theta: [], alpha: [], beta: [], gamma: [] } });
  const [anomalies, setAnomalies] = createSignal<FeedAnomaly[]>([]);
  const startedAt = performance.now();
  let inFlight = false;
  let lastEnd = -1;
  let disposed = false;

  const tick = async () => {
    if (inFlight || disposed || buffer.end < buffer.sampleRateHz * 2 || buffer.end === lastEnd) return;
    inFlight = true;
    const end = buffer.end;
    try {
      const client = await getAnalysisClient();
      const s = settings();
      // Only the stretch after the last gap (NaN) is analysed: kernels take finite samples only.
      const cutAt = performance.now();
      const window = buffer.latest(Math.round(buffer.sampleRateHz * WINDOW_SEC));
      let from = 0;
      for (const c of window)
        for (let i = c.length - 1; i >= from; i--)
          if (Number.isNaN(c[i])) {
            from = i + 1;
            break;
          }
      const channels = window.map((c) => c.subarray(from));
      if (channels[0].length < buffer.sampleRateHz * 2) return;
      const next = await client.analyze({ channels, labels, sampleRateHz: buffer.sampleRateHz, bands: s.bands, mainsHz: s.mainsHz });
      if (disposed) return;
      next.windowCutPerfMs = cutAt;
      setError(null);
      setFrame(next);
      const t = (performance.now() - startedAt) / 1000;
      const rel = next.userBands ? (next.userBands.relative as Record<BandName, number>) : meanRelativeBands(next.result);
      setHistory((h) => {
        const keep = h.timeSec.findIndex((x) => x >= t - HISTORY_SEC);
        const from = Math.max(keep, 0);
        const bands = Object.fromEntries(
          Object.entries(h.bands).map(([b, v]) => [b, [...v.slice(from), rel[b as BandName]]]),
        ) as BandHistory['bands'];
        return { timeSec: [...h.timeSec.slice(from), t], bands };
      });
      // Only anomalies that end in the newly analysed stretch are new.
      const fresh = next.result.anomalies.filter((a) => a.endSample > channels[0].length - (end - Math.max(lastEnd, end - channels[0].length)));
      if (fresh.length) setAnomalies((list) => [...fresh.map((a) => ({ ...a, atMs: next.atMs })), ...list].slice(0, FEED_MAX));
      lastEnd = end;
    } catch (e) {
      setError((e as Error).message);
    } finally {
      inFlight = false;
    }
  };
  const timer = setInterval(() => void tick(), INTERVAL_MS);
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
  });
  return { frame, error, history, anomalies };
}
