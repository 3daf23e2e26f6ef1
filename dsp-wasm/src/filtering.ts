// Filtering over the kernels: causal sosfilt with streaming state, zero-phase sosfiltfilt
// (SciPy's odd padding and sosfilt_zi), ready-made Butterworth filters, detrend and decimation.
import type { AlbiCore } from './albi-core.ts';
import { DspError, DspStatus, checkStatus } from './dsp-error.ts';
import { designButterworth, getDefaultPadlen, getSosfiltZi, requireSos } from './filter-design.ts';
import { checkKernel, requireFinite, requireInteger, requireSampleRate, requireSamples } from './validate.ts';

/** Filter state for streaming: per-section delays [z0, z1]. Pass the same object to every chunk. */
export interface SosState {
  zi: Float64Array;
}

/** A zeroed state for `sos` (scipy's default initial conditions). */
export function createSosState(sos: ArrayLike<number>): SosState {
  return { zi: new Float64Array((requireSos(sos).length / 6) * 2) };
}

/**
 * Causal filtering (scipy.signal.sosfilt). With `state`, filtering a stream chunk by chunk gives
 * exactly the one-shot result; the state is updated in place.
 */
export function sosfilt(core: AlbiCore, sosIn: ArrayLike<number>, signal: ArrayLike<number>, state?: SosState): Float64Array {
  const sos = requireSos(sosIn);
  const nsec = sos.length / 6;
  const x = requireSamples(signal, 'signal', 1, false);
  if (state && (!(state.zi instanceof Float64Array) || state.zi.length !== nsec * 2)) {
    throw new DspError(DspStatus.length, 'state', `must hold ${nsec * 2} values for ${nsec} sections (use createSosState)`);
  }
  const sosPtr = core.writeF64('sos', sos);
  const ziPtr = core.writeF64('zi', state ? state.zi : new Float64Array(nsec * 2));
  const xPtr = core.writeF64('signal', x);
  checkKernel(core.wasm.sosfilt(sosPtr, nsec, xPtr, x.length, ziPtr), x, 'signal');
  if (state) state.zi.set(core.f64(ziPtr, nsec * 2));
  return core.readF64(xPtr, x.length);
}

/** Zero-phase filtering (scipy.signal.sosfiltfilt, padtype 'odd'); default padlen as SciPy. */
export function sosfiltfilt(core: AlbiCore, sosIn: ArrayLike<number>, signal: ArrayLike<number>, options: { padlen?: number } = {}): Float64Array {
  const sos = requireSos(sosIn);
  const nsec = sos.length / 6;
  const x = requireSamples(signal, 'signal', 1, false);
  const padlen = options.padlen ?? getDefaultPadlen(sos);
  requireInteger(padlen, 'options.padlen', 0);
  if (x.length <= padlen) {
    throw new DspError(DspStatus.length, 'signal', `has ${x.length} samples; zero-phase filtering needs more than padlen = ${padlen}`);
  }
  const sosPtr = core.writeF64('sos', sos);
  const ziPtr = core.writeF64('zi', getSosfiltZi(sos));
  const xPtr = core.writeF64('signal', x);
  const outPtr = core.slot('filtered', x.length * 8);
  checkKernel(core.wasm.sosfiltfilt(sosPtr, nsec, xPtr, x.length, padlen, ziPtr, outPtr), x, 'signal');
  return core.readF64(outPtr, x.length);
}

/** Options of a multi-channel sosfiltfilt. */
export interface ChannelsFilterOptions {
  /** Samples of odd extension at each end (default as SciPy: 3 * (2 * sections + 1)). */
  padlen?: number;
  /**
   * Arrays the results are written into (one Float64Array of the channels' length per channel; may be
   * the inputs themselves), returned in place of new arrays. A caller filtering the same shape again
   * and again reuses them, so no fresh memory is faulted in per call. After a failed call their
   * contents are unspecified.
   */
  into?: Float64Array[];
}

/** Validated arguments of a multi-channel sosfiltfilt (the same checks on every thread). */
export interface ChannelsFilterArgs {
  sos: Float64Array;
  channels: Float64Array[];
  /** Samples per channel. */
  n: number;
  padlen: number;
  into?: Float64Array[];
}

/** Checks `into` against the channels: as many Float64Arrays, each of length n. */
function requireOutputs(into: unknown, count: number, n: number): Float64Array[] {
  if (!Array.isArray(into) || into.length !== count) {
    throw new DspError(DspStatus.length, 'options.into', `must be an array of ${count} Float64Arrays, one per channel`);
  }
  into.forEach((o, i) => {
    if (!(o instanceof Float64Array)) throw new DspError(DspStatus.param, `options.into[${i}]`, 'must be a Float64Array');
    if (o.length !== n) throw new DspError(DspStatus.length, `options.into[${i}]`, `has ${o.length} samples but the channels have ${n}`);
  });
  return into as Float64Array[];
}

/** Checks sosfiltfiltChannels' arguments; DspError names the first bad one. */
export function prepareChannelsFilter(
  sosIn: ArrayLike<number>,
  channels: ArrayLike<number>[],
  options: ChannelsFilterOptions = {},
): ChannelsFilterArgs {
  const sos = requireSos(sosIn);
  if (!Array.isArray(channels) || channels.length === 0) throw new DspError(DspStatus.length, 'channels', 'must be a non-empty array of signals');
  const xs = channels.map((c, i) => requireSamples(c, `channels[${i}]`, 1, false));
  const n = xs[0]!.length;
  xs.forEach((x, i) => {
    if (x.length !== n)
      throw new DspError(DspStatus.length, `channels[${i}]`, `has ${x.length} samples but channels[0] has ${n}; channels must be the same length`);
  });
  const padlen = options.padlen ?? getDefaultPadlen(sos);
  requireInteger(padlen, 'options.padlen', 0);
  if (n <= padlen) throw new DspError(DspStatus.length, 'channels[0]', `has ${n} samples; zero-phase filtering needs more than padlen = ${padlen}`);
  const into = options.into === undefined ? undefined : requireOutputs(options.into, xs.length, n);
  return { sos, channels: xs, n, padlen, into };
}

/**
 * The kernel calls of sosfiltfiltChannels: channels two at a time in f64x2 lanes, an odd last one
 * alone (the same arithmetic per channel, so any pairing gives the same result bit for bit). Results
 * go into `outs[i]` when given (may be the inputs themselves: a pair is read into the module before
 * its outputs are written), else into new arrays.
 */
function filterChannels(core: AlbiCore, args: ChannelsFilterArgs, outs = args.into): Float64Array[] {
  const { sos, channels: xs, n, padlen } = args;
  const nsec = sos.length / 6;
  const zi0 = getSosfiltZi(sos);
  const out: Float64Array[] = [];
  const deliver = (ptr: number, i: number): void => {
    if (outs) {
      outs[i]!.set(core.f64(ptr, n));
      out.push(outs[i]!);
    } else out.push(core.readF64(ptr, n));
  };
  for (let i = 0; i + 1 < xs.length; i += 2) {
    // slots only grow, so these pointers stay valid for the whole loop; written again per pair
    // because a kernel call may grow memory (which detaches views, not pointers)
    const sosPtr = core.writeF64('sos', sos);
    const ziPtr = core.writeF64('zi', zi0);
    const a = core.writeF64('signal', xs[i]!);
    const b = core.writeF64('signal2', xs[i + 1]!);
    const oa = core.slot('filtered', n * 8);
    const ob = core.slot('filtered2', n * 8);
    const status = core.wasm.sosfiltfiltPair(sosPtr, nsec, a, b, n, padlen, ziPtr, oa, ob);
    if (status === DspStatus.nonFinite) {
      // name the channel and sample; if both are finite the filter itself overflowed
      requireFinite(xs[i]!, `channels[${i}]`);
      requireFinite(xs[i + 1]!, `channels[${i + 1}]`);
      throw new DspError(status, `channels[${i}..${i + 1}]`, 'overflowed to Infinity while filtering (samples too large)');
    }
    checkStatus(status, `channels[${i}]`);
    deliver(oa, i);
    deliver(ob, i + 1);
  }
  if (xs.length % 2 === 1) {
    const i = xs.length - 1;
    const sosPtr = core.writeF64('sos', sos);
    const ziPtr = core.writeF64('zi', zi0);
    const xPtr = core.writeF64('signal', xs[i]!);
    const outPtr = core.slot('filtered', n * 8);
    checkKernel(core.wasm.sosfiltfilt(sosPtr, nsec, xPtr, n, padlen, ziPtr, outPtr), xs[i]!, `channels[${i}]`);
    deliver(outPtr, i);
  }
  return out;
}

/**
 * sosfiltfilt of many channels: channels are filtered two at a time in f64x2 lanes (same result per
 * channel as sosfiltfilt, about twice the throughput). All channels must have the same length. The
 * results are new arrays, or `options.into` when given.
 */
export function sosfiltfiltChannels(
  core: AlbiCore,
  sosIn: ArrayLike<number>,
  channels: ArrayLike<number>[],
  options: ChannelsFilterOptions = {},
): Float64Array[] {
  return filterChannels(core, prepareChannelsFilter(sosIn, channels, options));
}

/**
 * sosfiltfiltChannels writing each result over its input (Float64Array channels only): no result
 * arrays are allocated. A worker filtering transferred buffers uses it to send the same buffers back.
 */
export function sosfiltfiltChannelsInPlace(
  core: AlbiCore,
  sosIn: ArrayLike<number>,
  channels: Float64Array[],
  options: { padlen?: number } = {},
): Float64Array[] {
  if (Array.isArray(channels)) {
    channels.forEach((c, i) => {
      if (!(c instanceof Float64Array)) throw new DspError(DspStatus.param, `channels[${i}]`, 'must be a Float64Array to be filtered in place');
    });
  }
  const args = prepareChannelsFilter(sosIn, channels, options);
  return filterChannels(core, args, args.channels);
}

export interface PerformFilterOptions {
  /** Butterworth order 1..8 (default 4). */
  order?: number;
  /** Zero-phase forward-backward (default true); false = causal. */
  zeroPhase?: boolean;
}

function applyDesigned(core: AlbiCore, sos: Float64Array, signal: ArrayLike<number>, zeroPhase: boolean): Float64Array {
  return zeroPhase ? sosfiltfilt(core, sos, signal) : sosfilt(core, sos, signal);
}

/** Butterworth filter of `type` applied to signal (zero-phase by default). */
export function performFilter(
  core: AlbiCore,
  signal: ArrayLike<number>,
  sampleRateHz: number,
  type: 'lowpass' | 'highpass' | 'bandpass' | 'bandstop',
  cutoffHz: number | readonly [number, number],
  options: PerformFilterOptions = {},
): Float64Array {
  const sos = designButterworth(options.order ?? 4, cutoffHz, type, requireSampleRate(sampleRateHz));
  return applyDesigned(core, sos, signal, options.zeroPhase ?? true);
}

/** Removes the mean ('constant') or the least-squares line ('linear'), as scipy.signal.detrend. */
export function detrend(core: AlbiCore, signal: ArrayLike<number>, type: 'constant' | 'linear' = 'linear'): Float64Array {
  const x = requireSamples(signal, 'signal');
  const mode = type === 'constant' ? 1 : type === 'linear' ? 2 : -1;
  if (mode < 0) throw new DspError(DspStatus.param, 'type', `must be 'constant' or 'linear' (got ${String(type)})`);
  const ptr = core.writeF64('signal', x);
  checkStatus(core.wasm.detrendInPlace(ptr, x.length, mode), 'signal');
  return core.readF64(ptr, x.length);
}

/**
 * Decimation by an integer factor: zero-phase Butterworth low-pass (order 8) at 0.8 of the new
 * Nyquist frequency, then every factor-th sample from the first. (SciPy's decimate uses Chebyshev I;
 * the Butterworth keeps the passband flat.) Returns the samples at sampleRateHz / factor.
 */
export function decimate(core: AlbiCore, signal: ArrayLike<number>, factor: number, options: { order?: number } = {}): Float64Array {
  requireInteger(factor, 'factor', 1, 1 << 16);
  const x = requireSamples(signal, 'signal');
  if (factor === 1) return Float64Array.from(x);
  // Design in normalised units: fs = 2, cutoff 0.8 / factor of Nyquist (= 1).
  const sos = designButterworth(options.order ?? 8, 0.8 / factor, 'lowpass', 2);
  const filtered = sosfiltfilt(core, sos, x);
  const inPtr = core.writeF64('signal', filtered);
  const count = Math.ceil(x.length / factor);
  const outPtr = core.slot('decimated', count * 8);
  checkStatus(core.wasm.pickEvery(inPtr, x.length, factor, outPtr), 'signal');
  return core.readF64(outPtr, count);
}
