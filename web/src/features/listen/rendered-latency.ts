// Loop latency to the rendered audio, measured where the audio clock is: on the page. The worklet keeps,
// in its shared stats table, the tag of the last live event it applied, the context frame of the render
// quantum that applied it and the host time of the newest EEG sample behind it (sourceMs). The frame
// leaves the node after the limiter's look-ahead, and getOutputTimestamp() maps context time to the
// performance clock at the output (output latency included), so
//   latency = leaves-output host time - sourceMs      (ms, both epoch ms)
// The analysis window, the filters' group delay and the device's packetisation are not in it: the
// engine reports them beside it. Tags from PROBE_TAG_BASE up are the bare output path's probes (an
// event posted straight to the worklet, sourceMs = the moment it was posted), kept apart.
import type { JonaStats } from '../../../../workers/audio/jona.main.ts';

/** Tags at or above this are output-path probes, not loop updates. */
export const PROBE_TAG_BASE = 1_000_000;

/** What getOutputTimestamp() gives: a context time and the performance.now() at which it is output. */
export interface OutputStamp {
  contextTime?: number;
  performanceTime?: number;
}

/** Host time (epoch ms) at which context frame `frame` leaves the output; null before the clock runs. */
export function frameOutputHostMs(frame: number, sampleRate: number, stamp: OutputStamp, timeOrigin: number): number | null {
  if (stamp.contextTime === undefined || stamp.performanceTime === undefined || !(stamp.performanceTime > 0)) return null;
  return timeOrigin + stamp.performanceTime + (frame / sampleRate - stamp.contextTime) * 1000;
}

/** Nearest-rank percentile of `values` (p in 0..100); NaN when empty. */
function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : Number.NaN;
}

export interface LatencyFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  count: number;
}

function figures(values: number[]): LatencyFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p95Ms: percentile(sorted, 95), p99Ms: percentile(sorted, 99), count: sorted.length };
}

/** Collects one latency per tag seen in the stats table (the last `capacity` of each kind). */
export function makeRenderedLatencyMeter(capacity = 2048) {
  let seenTag = -1;
  const loop: number[] = [];
  const probe: number[] = [];
  return {
    /** Reads a stats snapshot; returns the new tag's latency (ms) when it shows one, else null. */
    observe(stats: JonaStats, sampleRate: number, stamp: OutputStamp, timeOrigin: number): number | null {
      if (stats.lastTag === seenTag || stats.lastTag < 0 || !(stats.lastTagSourceMs > 0)) return null;
      const leaves = frameOutputHostMs(stats.lastTagFrame + (stats.limiterDelayFrames || 0), sampleRate, stamp, timeOrigin);
      if (leaves === null) return null;
      seenTag = stats.lastTag;
      const latency = leaves - stats.lastTagSourceMs;
      const into = stats.lastTag >= PROBE_TAG_BASE ? probe : loop;
      into.push(latency);
      if (into.length > capacity) into.shift();
      return latency;
    },
    loop: () => figures(loop),
    probe: () => figures(probe),
    reset() {
      seenTag = -1;
      loop.length = 0;
      probe.length = 0;
    },
  };
}
