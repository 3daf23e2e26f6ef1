// ALBI analysis kernels: the only exports of albi.wasm. All buffers are raw pointers into this
// module's linear memory (the host allocates them once with allocBytes and reuses them); float64
// unless named *32. Every kernel returns a status (0 ok, < 0 see common/status.ts) or a count.
export { allocBytes } from './common/alloc';
export { rfft64, irfft64 } from './fft/real64';
export { rfft32, irfft32 } from './fft/real32';
export { writeWindow } from './window/windows';
export { welchPsd } from './spectral/welch';
export { bandPower, peakFrequency, spectralEdge, spectralEntropy, checkBand } from './spectral/bands';
export { sosfilt, sosfiltfilt, pickEvery } from './filter/sos';
export { sosfiltfiltPair } from './filter/sos-pair';
export { detrendInPlace } from './filter/detrend';
export { computeStatistics, findOutliers, findNonFinite } from './stats/stats';
export { findRunsOutside, findFlatRuns, findJumps, diffSignal } from './artifact/runs';

/** Version of the export list; the TS wrapper refuses a module with another one. */
export function abiVersion(): i32 {
  return 2;
}
