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

export function fft64(core: AlbiCore, signal: Float64Array): Float64Array {
  const n = requireSize(signal?.length ?? 0, 'signal');
  requireFinite(signal, 'signal');
  const inPtr = core.writeF64('fftIn', signal);
  const outPtr = core.slot('fftOut', (n + 2) * 8);
  checkStatus(core.wasm.rfft64(inPtr, outPtr, n), 'signal');
  return core.readF64(outPtr, n + 2);
}

export function ifft64(core: AlbiCore, spectrum: Float64Array): Float64Array {
  const n = requireSize((spectrum?.length ?? 0) - 2, 'spectrum');
  requireFinite(spectrum, 'spectrum');
  const inPtr = core.writeF64('fftIn', spectrum);
  const outPtr = core.slot('fftOut', (n + 2) * 8);
  checkStatus(core.wasm.irfft64(inPtr, outPtr, n), 'spectrum');
  return core.readF64(outPtr, n);
}

export function fft32(core: AlbiCore, signal: Float32Array): Float32Array {
  const n = requireSize(signal?.length ?? 0, 'signal');
  requireFinite(signal, 'signal');
  const inPtr = core.writeF32('fftIn', signal);
  const outPtr = core.slot('fftOut', (n + 2) * 4);
  checkStatus(core.wasm.rfft32(inPtr, outPtr, n), 'signal');
  return core.readF32(outPtr, n + 2);
}

export function ifft32(core: AlbiCore, spectrum: Float32Array): Float32Array {
  const n = requireSize((spectrum?.length ?? 0) - 2, 'spectrum');
  requireFinite(spectrum, 'spectrum');
  const inPtr = core.writeF32('fftIn', spectrum);
  const outPtr = core.slot('fftOut', (n + 2) * 4);
  checkStatus(core.wasm.irfft32(inPtr, outPtr, n), 'spectrum');
  return core.readF32(outPtr, n);
}
