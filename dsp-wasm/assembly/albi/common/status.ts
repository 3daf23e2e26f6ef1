// Status codes returned by every ALBI kernel. 0 is success; negative values say what was wrong.
// The TS wrapper (dsp-wasm/src/dsp-error.ts) turns them into a DspError that names the argument.
export const OK: i32 = 0;
/** A length is not a supported FFT size (power of two 16..65536) or is too small for the kernel. */
export const ERR_SIZE: i32 = -1;
/** A count or length argument is out of range (<= 0, larger than the buffer, ...). */
export const ERR_LENGTH: i32 = -2;
/** A numeric parameter is outside its valid range (overlap >= segment, order, factor...). */
export const ERR_PARAM: i32 = -3;
/** The input contains NaN or Infinity. */
export const ERR_NONFINITE: i32 = -4;
/** A frequency is outside 0..Nyquist or a band is empty. */
export const ERR_RANGE: i32 = -5;
