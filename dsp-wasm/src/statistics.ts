// Per-channel statistics and robust-z outliers over the stats kernels.
import type { AlbiCore } from './albi-core.ts';
import type { ChannelStatistics } from './analysis-types.ts';
import { DspError, DspStatus, checkStatus } from './dsp-error.ts';
import { checkKernel, requireSamples } from './validate.ts';

export interface StatisticsOptions {
  /** Robust z-score above which a sample is an outlier (default 3.5). */
  outlierThreshold?: number;
  /** At most this many outlier indices are returned (the count is always exact); default 10000. */
  maxOutlierIndices?: number;
}

/** mean, population std, min, max, median, MAD and robust-z outliers of one channel. */
export function getStatistics(core: AlbiCore, signal: ArrayLike<number>, options: StatisticsOptions = {}, argument = 'signal'): ChannelStatistics {
  const threshold = options.outlierThreshold ?? 3.5;
  if (!(threshold > 0) || !Number.isFinite(threshold)) throw new DspError(DspStatus.param, 'options.outlierThreshold', 'must be a finite number > 0');
  const maxIdx = options.maxOutlierIndices ?? 10_000;
  const x = requireSamples(signal, argument, 1, false);
  const ptr = core.writeF64('signal', x);
  const out = core.slot('stats', 6 * 8);
  checkKernel(core.wasm.computeStatistics(ptr, x.length, out), x, argument);
  const [mean, std, min, max, median, mad] = core.readF64(out, 6) as unknown as number[];
  const idxPtr = core.slot('outliers', Math.max(1, maxIdx) * 4);
  const count = checkStatus(core.wasm.findOutliers(ptr, x.length, median!, mad!, threshold, idxPtr, maxIdx), argument);
  return {
    mean: mean!,
    std: std!,
    min: min!,
    max: max!,
    median: median!,
    mad: mad!,
    outlierCount: count,
    outlierIndices: core.readI32(idxPtr, Math.min(count, maxIdx)),
  };
}
