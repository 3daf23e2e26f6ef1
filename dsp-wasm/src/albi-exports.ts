// The raw exports of albi.wasm (see dsp-wasm/assembly/albi/index.ts). Pointers are byte offsets
// into `memory`; every kernel returns a status (< 0 = error, see DspStatus) or a count.
export interface AlbiExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  allocBytes(bytes: number): number;
  rfft64(input: number, output: number, n: number): number;
  irfft64(input: number, output: number, n: number): number;
  rfft32(input: number, output: number, n: number): number;
  irfft32(input: number, output: number, n: number): number;
  writeWindow(out: number, n: number, kind: number, periodic: number): number;
  welchPsd(
    sig: number,
    len: number,
    nperseg: number,
    noverlap: number,
    nfft: number,
    win: number,
    detrend: number,
    scale: number,
    average: number,
    out: number,
  ): number;
  bandPower(freq: number, psd: number, nbins: number, lo: number, hi: number): number;
  peakFrequency(freq: number, psd: number, nbins: number, lo: number, hi: number): number;
  spectralEdge(freq: number, psd: number, nbins: number, lo: number, hi: number, fraction: number): number;
  spectralEntropy(freq: number, psd: number, nbins: number, lo: number, hi: number): number;
  checkBand(freq: number, nbins: number, lo: number, hi: number): number;
  sosfilt(sos: number, nsec: number, x: number, n: number, zi: number): number;
  sosfiltfilt(sos: number, nsec: number, x: number, n: number, padlen: number, zi0: number, out: number): number;
  sosfiltfiltPair(sos: number, nsec: number, xa: number, xb: number, n: number, padlen: number, zi0: number, outA: number, outB: number): number;
  pickEvery(x: number, n: number, factor: number, out: number): number;
  detrendInPlace(p: number, n: number, mode: number): number;
  computeStatistics(p: number, n: number, out: number): number;
  findOutliers(p: number, n: number, median: number, mad: number, threshold: number, outIdx: number, maxOut: number): number;
  findNonFinite(p: number, n: number): number;
  findRunsOutside(p: number, n: number, lo: number, hi: number, mergeGap: number, minLen: number, out: number, maxRuns: number): number;
  findFlatRuns(p: number, n: number, tolerance: number, minLen: number, out: number, maxRuns: number): number;
  findJumps(p: number, n: number, threshold: number, mergeGap: number, out: number, maxRuns: number): number;
  diffSignal(p: number, n: number, out: number): number;
}

/** ABI version this wrapper was written for (abiVersion() in index.ts). */
export const ALBI_ABI_VERSION = 2;
