// The one error type of the ALBI wrapper: kernels return int status codes, the wrapper turns them
// (and its own argument checks) into a DspError that names the argument and says what was wrong.

/** Status codes shared with dsp-wasm/assembly/albi/common/status.ts. */
export const DspStatus = {
  ok: 0,
  /** Not a supported FFT size (power of two 16..65536). */
  size: -1,
  /** Empty, too short, or mismatched length. */
  length: -2,
  /** A parameter out of its valid range. */
  param: -3,
  /** NaN or Infinity in the samples. */
  nonFinite: -4,
  /** A frequency outside 0..Nyquist. */
  range: -5,
} as const;

const meaning: Record<number, string> = {
  [-1]: 'is not a supported FFT size (a power of two from 16 to 65536)',
  [-2]: 'has an invalid length',
  [-3]: 'is out of range',
  [-4]: 'contains NaN or Infinity',
  [-5]: 'is outside 0..Nyquist',
};

export class DspError extends Error {
  /** One of DspStatus (negative). */
  readonly code: number;
  /** The argument that was wrong, e.g. 'signal', 'sampleRateHz', 'options.nperseg', 'channels.Fp1'. */
  readonly argument: string;
  constructor(code: number, argument: string, detail?: string) {
    const what = detail ?? meaning[code] ?? `was rejected (status ${code})`;
    // 'signal[17] is NaN' reads better than 'signal [17] is NaN'
    super(what.startsWith('[') ? `${argument}${what}` : `${argument} ${what}`);
    this.name = 'DspError';
    this.code = code;
    this.argument = argument;
  }
}

/** Throws a DspError when a kernel returned a negative status; returns the status otherwise. */
export function checkStatus(status: number, argument: string, detail?: string): number {
  if (status < 0) throw new DspError(status, argument, detail);
  return status;
}
