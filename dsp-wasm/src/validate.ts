// Argument checks shared by the wrapper methods. Each failure is a DspError naming the argument.
import { DspError, DspStatus } from './dsp-error.ts';

/**
 * Checks that `samples` is a non-empty array of finite numbers (at least minLength) and returns float64.
 * With scan = false the finiteness scan is left to the kernel (which reports ERR_NONFINITE; then call
 * requireFinite for the message), saving one pass over large signals.
 */
export function requireSamples(samples: ArrayLike<number>, argument: string, minLength = 1, scan = true): Float64Array {
  if (samples === null || typeof samples !== 'object' || typeof samples.length !== 'number') {
    throw new DspError(DspStatus.length, argument, 'must be an array of numbers');
  }
  const n = samples.length;
  if (n === 0) throw new DspError(DspStatus.length, argument, 'is empty; at least one sample is needed');
  if (n < minLength) {
    throw new DspError(DspStatus.length, argument, `has ${n} samples; at least ${minLength} are needed`);
  }
  const out = samples instanceof Float64Array ? samples : Float64Array.from(samples);
  if (scan) requireFinite(out, argument);
  return out;
}

/** Throws a DspError naming the first NaN/Infinity in x. */
export function requireFinite(out: ArrayLike<number>, argument: string): void {
  const n = out.length;
  for (let i = 0; i < n; i++) {
    const v = out[i]!;
    if (!Number.isFinite(v)) {
      throw new DspError(DspStatus.nonFinite, argument, `[${i}] is ${Number.isNaN(v) ? 'NaN' : v}; samples must be finite numbers`);
    }
  }
}

/** Turns a kernel status into a DspError; ERR_NONFINITE names the first bad sample of x. */
export function checkKernel(status: number, x: ArrayLike<number>, argument: string): number {
  if (status === DspStatus.nonFinite) {
    requireFinite(x, argument);
    // every sample is finite: the kernel's own arithmetic overflowed (values near 1e308)
    throw new DspError(status, argument, 'overflowed to Infinity during the computation (samples too large)');
  }
  if (status < 0) throw new DspError(status, argument);
  return status;
}

/** A sample rate must be a finite number > 0 (Hz). */
export function requireSampleRate(sampleRateHz: number, argument = 'sampleRateHz'): number {
  if (typeof sampleRateHz !== 'number' || !Number.isFinite(sampleRateHz) || sampleRateHz <= 0) {
    throw new DspError(DspStatus.param, argument, `must be a finite number of Hz > 0 (got ${String(sampleRateHz)})`);
  }
  return sampleRateHz;
}

/** An integer within [min, max]. */
export function requireInteger(value: number, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DspError(DspStatus.param, argument, `must be an integer in ${min}..${max} (got ${String(value)})`);
  }
  return value;
}

/** A frequency strictly between 0 and Nyquist (Hz). */
export function requireFrequency(hz: number, sampleRateHz: number, argument: string): number {
  const nyquist = sampleRateHz / 2;
  if (typeof hz !== 'number' || !Number.isFinite(hz) || hz <= 0 || hz >= nyquist) {
    throw new DspError(DspStatus.range, argument, `must be between 0 and the Nyquist frequency ${nyquist} Hz, exclusive (got ${String(hz)})`);
  }
  return hz;
}

/** A finite number > 0. */
export function requirePositive(value: number, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new DspError(DspStatus.param, argument, `must be a finite number > 0 (got ${String(value)})`);
  }
  return value;
}
