// Real FFT entry points. Layout of a spectrum: n/2 + 1 complex bins interleaved [re0, im0, re1, im1, ..]
// (n + 2 numbers), unnormalised forward, 1/n inverse (numpy.fft.rfft / irfft).
import type { AlbiCore } from './albi-core.ts';
import { DspError, DspStatus, checkStatus } from './dsp-error.ts';

function requireSize(n: number, argument: string): number {
  if (!(n >= 16 && n <= 65536 && (n & (n - 1)) === 0)) {
    throw new DspError(DspStatus.size, argument, `has length ${n}; the FFT needs a power of two from 16 to 65536`);
  }
  return n;
}

function requireFinite(x: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new DspError(DspStatus.nonFinite, argument, `[${i}] is ${x[i]}; values must be finite`);
  }
}

/** What differs between the float64 and float32 entry points: element size, copy in/out, kernel. */
interface Precision<T extends Float64Array | Float32Array> {
  bytes: number;
  write: (core: AlbiCore, slot: string, data: T) => number;
  read: (core: AlbiCore, ptr: number, length: number) => T;
}
const f64: Precision<Float64Array> = { bytes: 8, write: (c, s, d) => c.writeF64(s, d), read: (c, p, n) => c.readF64(p, n) };
const f32: Precision<Float32Array> = { bytes: 4, write: (c, s, d) => c.writeF32(s, d), read: (c, p, n) => c.readF32(p, n) };
type Kernel = (inPtr: number, outPtr: number, n: number) => number;

/** Forward real FFT of `signal` (length n) into n + 2 interleaved numbers. */
function forward<T extends Float64Array | Float32Array>(core: AlbiCore, signal: T, p: Precision<T>, kernel: Kernel): T {
  const n = requireSize(signal?.length ?? 0, 'signal');
  requireFinite(signal, 'signal');
  const inPtr = p.write(core, 'fftIn', signal);
  const outPtr = core.slot('fftOut', (n + 2) * p.bytes);
  checkStatus(kernel(inPtr, outPtr, n), 'signal');
  return p.read(core, outPtr, n + 2);
}

/** Inverse real FFT of n + 2 interleaved numbers back to n samples (scaled by 1/n). */
function inverse<T extends Float64Array | Float32Array>(core: AlbiCore, spectrum: T, p: Precision<T>, kernel: Kernel): T {
  const n = requireSize((spectrum?.length ?? 0) - 2, 'spectrum');
  requireFinite(spectrum, 'spectrum');
  const inPtr = p.write(core, 'fftIn', spectrum);
  const outPtr = core.slot('fftOut', (n + 2) * p.bytes);
  checkStatus(kernel(inPtr, outPtr, n), 'spectrum');
  return p.read(core, outPtr, n);
}

export const fft64 = (core: AlbiCore, signal: Float64Array): Float64Array => forward(core, signal, f64, core.wasm.rfft64);
export const ifft64 = (core: AlbiCore, spectrum: Float64Array): Float64Array => inverse(core, spectrum, f64, core.wasm.irfft64);
export const fft32 = (core: AlbiCore, signal: Float32Array): Float32Array => forward(core, signal, f32, core.wasm.rfft32);
export const ifft32 = (core: AlbiCore, spectrum: Float32Array): Float32Array => inverse(core, spectrum, f32, core.wasm.irfft32);
